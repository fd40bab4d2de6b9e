/* SPDX-License-Identifier: MIT */
/* template_spec.c - what a new cohort folder holds, from the rules. */
#include "template_internal.h"

#include "init/template.h"

#include <string.h>

static const char *const sheet_names[4] = {"Cohort", "Learners", "Employers",
                                           "Activities"};
static const char *const file_names[4] = {"cohort.csv", "learners.csv",
                                          "employers.csv", "activities.csv"};

/*
 * The learners sheet asks for one name column; first name and surname
 * are accepted when a centre's own list has them.
 */
static const char *const learner_columns[] = {"enrolment-number",
                                              "learner-name", "uln"};

/* The canonical word of each category offered in a drop-down. */
static const struct {
    const char *word;
    eip_word category;
} list_words[] = {
    {"Live", EIP_WORD_LIVE},           {"Recorded", EIP_WORD_RECORDED},
    {"Planned", EIP_WORD_PLANNED},     {"Delivered", EIP_WORD_DELIVERED},
    {"Cancelled", EIP_WORD_CANCELLED},
};

static int wanted(eip_table_id id, const char *column)
{
    if (id != EIP_TABLE_LEARNERS) {
        return 1;
    }
    for (size_t i = 0; i < 3; i++) {
        if (strcmp(column, learner_columns[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

static int build_table(tpl_table *out, const eip_rules_table *rt,
                       eip_table_id id, eip_error *err)
{
    out->sheet = sheet_names[id];
    out->file = file_names[id];
    out->nheaders = 0;
    for (size_t i = 0; i < rt->ncolumns; i++) {
        if (!wanted(id, rt->columns[i].id)) {
            continue;
        }
        if (out->nheaders == TPL_MAX_COLUMNS) {
            return eip_error_set(err, EIP_ELIMIT,
                                 "the rules' %s table has "
                                 "more than %d columns",
                                 rt->id, TPL_MAX_COLUMNS);
        }
        out->ids[out->nheaders] = rt->columns[i].id;
        out->headers[out->nheaders++] = rt->columns[i].name;
    }
    return 0;
}

static size_t column_of(const tpl_table *t, const char *id)
{
    for (size_t i = 0; i < t->nheaders; i++) {
        if (strcmp(t->ids[i], id) == 0) {
            return i;
        }
    }
    return t->nheaders;
}

/* A list for the activities column id; skipped when the rules lack it. */
static tpl_list *add_list(tpl *t, const char *id)
{
    const tpl_table *acts = &t->tables[EIP_TABLE_ACTIVITIES];
    size_t col = column_of(acts, id);
    tpl_list *l = &t->lists[t->nlists];

    if (col == acts->nheaders) {
        return NULL;
    }
    l->heading = acts->headers[col];
    l->column = col;
    l->nvalues = 0;
    t->nlists++;
    return l;
}

/* The words of categories from..to that the rules recognise. */
static void add_words(tpl_list *l, const eip_rules *r, eip_word from,
                      eip_word to)
{
    size_t n = sizeof(list_words) / sizeof(list_words[0]);

    for (size_t i = 0; l != NULL && i < n; i++) {
        eip_word w = eip_rules_word(r, list_words[i].word, from, to);

        if (w == list_words[i].category && l->nvalues < TPL_MAX_ITEMS) {
            l->values[l->nvalues++] = list_words[i].word;
        }
    }
}

static int build_lists(tpl *t, const eip_rules *r, eip_error *err)
{
    tpl_list *types = add_list(t, "activity-type");
    size_t n = eip_rules_type_count(r);

    if (types != NULL && n > TPL_MAX_ITEMS) {
        return eip_error_set(err, EIP_ELIMIT,
                             "the rules have more than %d "
                             "activity types",
                             TPL_MAX_ITEMS);
    }
    for (size_t i = 0; types != NULL && i < n; i++) {
        types->values[types->nvalues++] = eip_rules_type(r, i)->name;
    }
    add_words(add_list(t, "delivery"), r, EIP_WORD_LIVE, EIP_WORD_RECORDED);
    add_words(add_list(t, "status"), r, EIP_WORD_PLANNED, EIP_WORD_CANCELLED);
    return 0;
}

static const char *first_meaningful_type(const eip_rules *r)
{
    for (size_t i = 0; i < eip_rules_type_count(r); i++) {
        if (eip_rules_type(r, i)->meaningful) {
            return eip_rules_type(r, i)->name;
        }
    }
    return "";
}

/* The example activity: planned, so that it asks for no evidence yet. */
static void build_example(tpl *t, const eip_rules *r)
{
    const tpl_table *acts = &t->tables[EIP_TABLE_ACTIVITIES];
    static const struct {
        const char *id;
        const char *value;
    } cells[] = {
        {"activity-id", EIP_TEMPLATE_EXAMPLE_ID},
        {"title", "Example: replace this row with your first activity"},
        {"delivery", "Live"},
        {"status", "Planned"},
        {"notes", "Its folder is " EIP_TEMPLATE_EXAMPLE_FOLDER},
    };

    for (size_t i = 0; i < acts->nheaders; i++) {
        t->example[i] = "";
    }
    for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
        size_t col = column_of(acts, cells[i].id);

        if (col < acts->nheaders) {
            t->example[col] = cells[i].value;
        }
    }
    if (column_of(acts, "activity-type") < acts->nheaders) {
        t->example[column_of(acts, "activity-type")] = first_meaningful_type(r);
    }
}

static void build_register(tpl *t, const eip_rules *r)
{
    static const char *const ids[3] = {"enrolment-number", "learner-name",
                                       "attended"};
    const eip_rules_table *reg = eip_rules_table_get(r, EIP_TABLE_REGISTER);

    for (size_t i = 0; i < 3; i++) {
        int col = eip_rules_column_index(r, EIP_TABLE_REGISTER, ids[i]);

        t->register_headers[i] = col >= 0 ? reg->columns[col].name : ids[i];
    }
}

int tpl_build(tpl *out, const eip_rules *r, eip_error *err)
{
    const eip_rules_table *fields = eip_rules_cohort_fields(r);
    int rc = 0;

    memset(out, 0, sizeof(*out));
    for (int id = 0; id < 4 && rc == 0; id++) {
        rc = build_table(&out->tables[id],
                         eip_rules_table_get(r, (eip_table_id)id),
                         (eip_table_id)id, err);
    }
    if (rc == 0 && fields->ncolumns > TPL_MAX_ITEMS) {
        rc = eip_error_set(err, EIP_ELIMIT,
                           "the rules have more than %d "
                           "cohort fields",
                           TPL_MAX_ITEMS);
    }
    for (size_t i = 0; rc == 0 && i < fields->ncolumns; i++) {
        out->fields[out->nfields++] = fields->columns[i].name;
    }
    if (rc == 0) {
        rc = build_lists(out, r, err);
    }
    if (rc == 0) {
        build_example(out, r);
        build_register(out, r);
    }
    return rc;
}
