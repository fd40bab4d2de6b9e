/* SPDX-License-Identifier: MIT */
#include "pack/pack.h"

#include "base/arena.h"
#include "export/lists.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct content {
    eip_arena arena;
    eip_bag_item *items;
    size_t count;
    size_t cap;
    eip_buf lists[6]; /* generated files, alive until written */
    size_t nlists;
    int failed;
} content;

static void safe_append(eip_buf *out, const char *name)
{
    eip_buf b = EIP_BUF_INIT;

    eip_bag_safe_name(&b, name);
    eip_buf_puts(out, eip_buf_str(&b));
    eip_buf_free(&b);
}

int eip_pack_name(eip_buf *out, const eip_cohort *c, const eip_rules *r,
                  eip_profile profile)
{
    static const char *const ids[] = {"centre-number", "qualification-number",
                                      "cohort", "academic-year"};

    for (size_t i = 0; i < 4; i++) {
        char part[200];

        snprintf(part, sizeof(part), "%s", eip_cohort_field(c, r, ids[i]));
        for (char *p = part; *p != '\0'; p++) {
            *p = *p == '/' ? '-' : *p;
        }
        safe_append(out, part[0] != '\0' ? part : "unknown");
        eip_buf_putc(out, '_');
    }
    eip_buf_puts(out, profile == EIP_PROFILE_AUDIT ? "EI_audit" : "EI_upload");
    return out->failed ? EIP_ENOMEM : 0;
}

static void add(content *ct, const char *path, const char *source,
                const void *data, size_t len)
{
    if (ct->count == ct->cap) {
        size_t cap = ct->cap != 0 ? ct->cap * 2 : 64;
        eip_bag_item *p = realloc(ct->items, cap * sizeof(*p));

        if (p == NULL) {
            ct->failed = 1;
            return;
        }
        ct->items = p;
        ct->cap = cap;
    }
    ct->items[ct->count++] = (eip_bag_item){path, source, data, len};
    ct->failed |= path == NULL;
}

static eip_buf *new_list(content *ct)
{
    return &ct->lists[ct->nlists++];
}

static void add_list(content *ct, const char *path, eip_buf *b)
{
    ct->failed |= b->failed;
    add(ct, path, NULL, eip_buf_str(b), b->len);
}

/* "<top>/<safe ID>/<safe components of the file's path in its folder>" */
static const char *entry_path(content *ct, const char *top,
                              const eip_activity *a, const eip_cohort_file *f)
{
    eip_buf b = EIP_BUF_INIT;
    char *copy = eip_arena_strdup(&ct->arena, f->inner);
    char *save = NULL;
    const char *s;

    eip_buf_printf(&b, "%s/", top);
    safe_append(&b, a->id);
    for (char *part = copy != NULL ? strtok_r(copy, "/", &save) : NULL;
         part != NULL; part = strtok_r(NULL, "/", &save)) {
        eip_buf_putc(&b, '/');
        safe_append(&b, part);
    }
    s = b.failed || copy == NULL ? NULL : eip_arena_strdup(&ct->arena, b.data);
    eip_buf_free(&b);
    return s;
}

static int uploaded(const eip_rules *r, const eip_activity *a,
                    const eip_sample *s, size_t i)
{
    if (a->type < 0 || !eip_rules_type(r, (size_t)a->type)->meaningful ||
        a->status != EIP_WORD_DELIVERED) {
        return 0;
    }
    return s->entries[i].state != EIP_SAMPLE_OUT;
}

static void add_activity_files(content *ct, const eip_cohort *c,
                               const eip_rules *r, const eip_sample *s,
                               int audit)
{
    for (size_t i = 0; i < c->nactivities; i++) {
        const eip_activity *a = &c->activities[i];
        int send = audit || uploaded(r, a, s, i);

        for (size_t k = 0; k < a->nfiles && send; k++) {
            const eip_cohort_file *f = &a->files[k];
            int reg = f->role != EIP_FILE_EVIDENCE;

            if (reg || audit) {
                add(ct, entry_path(ct, reg ? "registers" : "evidence", a, f),
                    f->disk, NULL, 0);
            }
        }
    }
}

static void add_tracker_files(content *ct, const eip_cohort *c)
{
    for (size_t i = 0; i < c->ntracker_files; i++) {
        eip_buf b = EIP_BUF_INIT;

        eip_buf_puts(&b, "tracker/");
        safe_append(&b, c->tracker_files[i].name);
        add(ct, b.failed ? NULL : eip_arena_strdup(&ct->arena, b.data),
            c->tracker_files[i].disk, NULL, 0);
        eip_buf_free(&b);
    }
}

static void add_tracker_tables(content *ct, const eip_cohort *c,
                               const eip_rules *r)
{
    static const char *const names[] = {
        "tracker/cohort.csv", "tracker/learners.csv", "tracker/employers.csv",
        "tracker/activities.csv"};

    for (int t = 0; t < 4; t++) {
        eip_buf *b = new_list(ct);

        eip_lists_tracker(b, c, r, (eip_table_id)t);
        add_list(ct, names[t], b);
    }
}

static void build(content *ct, const eip_cohort *c, const eip_rules *r,
                  const eip_check *k, const eip_sample *s,
                  const eip_pack_options *o)
{
    int audit = o->profile == EIP_PROFILE_AUDIT;
    eip_buf *learners = new_list(ct);
    eip_buf *results = new_list(ct);

    eip_lists_learners(learners, c);
    eip_lists_results(results, c, k);
    add_list(ct, "learners.csv", learners);
    add_list(ct, "results.csv", results);
    if (audit || o->tracker_as_given) {
        add_tracker_files(ct, c);
    } else {
        add_tracker_tables(ct, c, r);
    }
    add_activity_files(ct, c, r, s, audit);
    if (audit && o->report_json != NULL) {
        add(ct, "report.json", o->report_json, NULL, 0);
    }
    if (audit && o->report_html != NULL) {
        add(ct, "report.html", o->report_html, NULL, 0);
    }
}

static void fields(eip_bag_field *f, size_t *n, const eip_cohort *c,
                   const eip_rules *r, const eip_pack_options *o,
                   const char *name, const char *seed)
{
    size_t i = 0;

    f[i++] = (eip_bag_field){"Source-Organization",
                             eip_cohort_field(c, r, "centre-name")};
    f[i++] = (eip_bag_field){"External-Identifier", name};
    f[i++] = (eip_bag_field){"Bagging-Date", NULL};
    f[i++] = (eip_bag_field){"Payload-Oxum", NULL};
    f[i++] =
        (eip_bag_field){"Contact-Name", eip_cohort_field(c, r, "contact-name")};
    f[i++] = (eip_bag_field){"Contact-Email",
                             eip_cohort_field(c, r, "contact-email")};
    f[i++] = (eip_bag_field){"Centre-Number",
                             eip_cohort_field(c, r, "centre-number")};
    f[i++] = (eip_bag_field){"Qualification-Number",
                             eip_cohort_field(c, r, "qualification-number")};
    f[i++] = (eip_bag_field){"Cohort", eip_cohort_field(c, r, "cohort")};
    f[i++] = (eip_bag_field){"Academic-Year",
                             eip_cohort_field(c, r, "academic-year")};
    f[i++] = (eip_bag_field){
        "Profile", o->profile == EIP_PROFILE_AUDIT ? "audit" : "upload"};
    f[i++] = (eip_bag_field){"Sample-Seed", seed};
    f[i++] = (eip_bag_field){"Rules-SHA256", eip_rules_sha256(r)};
    f[i++] = (eip_bag_field){"Eipack-Version", o->version};
    if (o->forced) {
        f[i++] = (eip_bag_field){"Eipack-Forced",
                                 "yes: packed although the check found "
                                 "errors"};
    }
    *n = i;
}

int eip_pack_write(char out_hex[EIP_SHA256_HEX_LEN + 1], const eip_cohort *c,
                   const eip_rules *r, const eip_check *k, const eip_sample *s,
                   const eip_pack_options *opts, const eip_bag_options *bag,
                   eip_error *err)
{
    content ct;
    eip_bag_field f[16];
    size_t nf = 0;
    char seed[32];
    int rc;

    memset(&ct, 0, sizeof(ct));
    snprintf(seed, sizeof(seed), "%" PRIu64, s->seed);
    build(&ct, c, r, k, s, opts);
    fields(f, &nf, c, r, opts, bag->name, seed);
    if (ct.failed) {
        rc = eip_error_set(err, EIP_ENOMEM, "out of memory");
    } else {
        rc = eip_bag_write(out_hex, ct.items, ct.count, f, nf, bag, err);
    }
    for (size_t i = 0; i < ct.nlists; i++) {
        eip_buf_free(&ct.lists[i]);
    }
    free(ct.items);
    eip_arena_free(&ct.arena);
    return rc;
}
