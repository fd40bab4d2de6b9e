/* SPDX-License-Identifier: MIT */
#include "sample/sample.h"

#include "base/error.h"

#include <math.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t eip_sample_size(size_t n, unsigned minimum, double fraction)
{
    double want = ceil((double)n * fraction - 1e-9);
    size_t k = want > 0 ? (size_t)want : 0;

    if (k < minimum) {
        k = minimum;
    }
    return k < n ? k : n;
}

static uint64_t hash64(const char *text)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    uint64_t v = 0;

    if (EVP_Digest(text, strlen(text), md, &n, EVP_sha256(), NULL) != 1) {
        return 0;
    }
    for (int i = 0; i < 8; i++) {
        v = (v << 8) | md[i];
    }
    return v;
}

uint64_t eip_sample_tiebreak(uint64_t seed, const char *activity_id)
{
    char buf[600];

    snprintf(buf, sizeof(buf), "%llu\n%s", (unsigned long long)seed,
             activity_id);
    return hash64(buf);
}

uint64_t eip_sample_default_seed(const eip_cohort *c, const eip_rules *r)
{
    char buf[1200];

    snprintf(buf, sizeof(buf), "%s\n%s\n%s\n%s",
             eip_cohort_field(c, r, "centre-number"),
             eip_cohort_field(c, r, "qualification-number"),
             eip_cohort_field(c, r, "cohort"),
             eip_cohort_field(c, r, "academic-year"));
    return hash64(buf) >> 16; /* small enough to type back in */
}

static int candidate(const eip_activity *a, int type)
{
    return a->type == type && a->status == EIP_WORD_DELIVERED &&
           a->has_register;
}

/* New learners a register would add to the covered set. */
static size_t gain(const eip_cohort *c, const eip_activity *a,
                   const unsigned char *covered)
{
    size_t n = 0;

    for (size_t l = 0; l < c->nlearners; l++) {
        n += a->marks[l] == EIP_MARK_PRESENT && !covered[l];
    }
    return n;
}

static void choose_type(eip_sample *s, const eip_cohort *c, int type, size_t k,
                        unsigned char *covered)
{
    memset(covered, 0, c->nlearners + 1);
    for (unsigned rank = 1; rank <= k; rank++) {
        long best = -1;
        size_t best_gain = 0;
        uint64_t best_tie = 0;

        for (size_t i = 0; i < c->nactivities; i++) {
            const eip_activity *a = &c->activities[i];
            size_t g;
            uint64_t tie;

            if (!candidate(a, type) || s->entries[i].state == EIP_SAMPLE_IN) {
                continue;
            }
            g = gain(c, a, covered);
            tie = eip_sample_tiebreak(s->seed, a->id);
            if (best < 0 || g > best_gain ||
                (g == best_gain && tie < best_tie)) {
                best = (long)i;
                best_gain = g;
                best_tie = tie;
            }
        }
        if (best < 0) {
            break;
        }
        s->entries[best].state = EIP_SAMPLE_IN;
        s->entries[best].rank = rank;
        s->entries[best].new_learners = best_gain;
        for (size_t l = 0; l < c->nlearners; l++) {
            if (c->activities[best].marks[l] == EIP_MARK_PRESENT) {
                covered[l] = 1;
            }
        }
    }
}

int eip_sample_choose(eip_sample *out, const eip_cohort *c, const eip_rules *r,
                      uint64_t seed, int all)
{
    unsigned char *covered = calloc(c->nlearners + 1, 1);

    memset(out, 0, sizeof(*out));
    out->seed = seed;
    out->entries = calloc(c->nactivities + 1, sizeof(*out->entries));
    if (covered == NULL || out->entries == NULL) {
        free(covered);
        eip_sample_free(out);
        return EIP_ENOMEM;
    }
    out->nentries = c->nactivities;
    for (size_t t = 0; t < eip_rules_type_count(r); t++) {
        const eip_activity_type *type = eip_rules_type(r, t);
        size_t n = 0;

        for (size_t i = 0; i < c->nactivities; i++) {
            if (candidate(&c->activities[i], (int)t)) {
                out->entries[i].state =
                    type->sampled && !all ? EIP_SAMPLE_OUT : EIP_SAMPLE_ALL;
                n++;
            }
        }
        if (type->sampled && !all && n > 0) {
            choose_type(out, c, (int)t,
                        eip_sample_size(n, eip_rules_sample_minimum(r),
                                        eip_rules_sample_fraction(r)),
                        covered);
        }
    }
    free(covered);
    return 0;
}

void eip_sample_free(eip_sample *s)
{
    free(s->entries);
    s->entries = NULL;
    s->nentries = 0;
}
