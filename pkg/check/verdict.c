/* SPDX-License-Identifier: MIT */
/*
 * verdict.c - each learner's result.
 *
 * At submission a learner has met the requirement when they attended live
 * a delivered meaningful activity of a type that is enough alone, or at
 * least min-sessions live sessions of a group (guest lectures and master
 * classes together).  When that holds only by counting recorded sessions
 * the result is "refer": the centre must ask the awarding body.  A
 * recording is not counted for a learner who attended the live session it
 * replaces, so one session never counts twice.
 *
 * At approval the plan is judged the same way: every planned or delivered
 * activity counts for the learners on its register, or for the whole
 * cohort when it has none yet.
 */
#include "check/check_internal.h"

#include "base/buf.h"

#include <stdlib.h>
#include <string.h>

#define MAX_GROUPS 16

typedef struct tally {
    int other_live; /* a type that is enough alone, live */
    int other_recorded;
    unsigned group_live[MAX_GROUPS];
    unsigned group_recorded[MAX_GROUPS];
    size_t *live; /* activities attended live */
    size_t nlive;
    size_t *recorded;
    size_t nrecorded;
    int on_any_register;
} tally;

/* Whether learner l takes part in activity a, as far as the stage goes. */
static int takes_part(const check_ctx *x, const eip_activity *a, size_t l)
{
    if (x->stage == EIP_STAGE_SUBMISSION) {
        return a->status == EIP_WORD_DELIVERED && a->marks != NULL &&
               a->marks[l] == EIP_MARK_PRESENT;
    }
    if (a->status == EIP_WORD_CANCELLED || a->status == EIP_WORD_NONE) {
        return 0;
    }
    return a->marks == NULL || a->marks[l] != EIP_MARK_NONE;
}

static int counts(const check_ctx *x, const eip_activity *a, size_t l)
{
    const eip_activity *orig;

    if (a->type < 0 || !eip_rules_type(x->rules, (size_t)a->type)->meaningful ||
        !takes_part(x, a, l)) {
        return 0;
    }
    if (a->delivery != EIP_WORD_RECORDED || a->contingency_for < 0) {
        return 1;
    }
    orig = &x->cohort->activities[a->contingency_for];
    return !(takes_part(x, orig, l) && orig->delivery != EIP_WORD_RECORDED);
}

static void add(tally *t, const check_ctx *x, size_t i)
{
    const eip_activity *a = &x->cohort->activities[i];
    int group = eip_rules_type(x->rules, (size_t)a->type)->group;
    int live = a->delivery != EIP_WORD_RECORDED;

    if (group >= 0 && group < MAX_GROUPS) {
        (live ? t->group_live : t->group_recorded)[group]++;
    } else if (live) {
        t->other_live = 1;
    } else {
        t->other_recorded = 1;
    }
    if (live) {
        t->live[t->nlive++] = i;
    } else {
        t->recorded[t->nrecorded++] = i;
    }
}

static eip_result judge(const tally *t, const eip_rules *r)
{
    int met = t->other_live;
    int refer = t->other_recorded;

    for (size_t g = 0; g < eip_rules_group_count(r) && g < MAX_GROUPS; g++) {
        unsigned need = eip_rules_group_get(r, g)->min_sessions;

        met |= t->group_live[g] >= need;
        refer |= t->group_live[g] + t->group_recorded[g] >= need;
    }
    if (met) {
        return EIP_RESULT_MET;
    }
    return refer ? EIP_RESULT_REFER : EIP_RESULT_NOT_MET;
}

static void list_ids(eip_buf *b, const eip_cohort *c, const size_t *idx,
                     size_t n)
{
    for (size_t i = 0; i < n; i++) {
        eip_buf_printf(b, "%s%s", i > 0 ? ", " : "", c->activities[idx[i]].id);
    }
}

static void report(const check_ctx *x, const tally *t, size_t l, eip_result res)
{
    const eip_cohort *c = x->cohort;
    const eip_learner *who = &c->learners[l];
    eip_buf b = EIP_BUF_INIT;

    if (res == EIP_RESULT_REFER) {
        list_ids(&b, c, t->recorded, t->nrecorded);
        eip_findings_add(x->findings, EIP_SEV_WARNING, "learner-refer",
                         c->tables[1].path, c->tables[1].sheet, who->row, 0,
                         "ask the awarding body for guidance before "
                         "submitting this learner's result",
                         "%s (%s) meets the requirement only with recorded "
                         "sessions (%s)",
                         who->name, who->enrolment, eip_buf_str(&b));
    } else if (res == EIP_RESULT_NOT_MET) {
        list_ids(&b, c, t->live, t->nlive);
        eip_findings_add(x->findings, EIP_SEV_WARNING, "learner-not-met",
                         c->tables[1].path, c->tables[1].sheet, who->row, 0,
                         "plan a placement or another meaningful activity "
                         "for the learner; guest lectures and master "
                         "classes need two sessions",
                         "%s (%s) has not met the requirement%s%s%s", who->name,
                         who->enrolment, t->nlive > 0 ? " (took part in " : "",
                         eip_buf_str(&b), t->nlive > 0 ? " only)" : "");
    }
    if (res != EIP_RESULT_MET) {
        eip_findings_tag(x->findings, NULL, who->enrolment);
    }
    eip_buf_free(&b);
}

static void report_no_register(const check_ctx *x, size_t l)
{
    const eip_cohort *c = x->cohort;
    const eip_learner *who = &c->learners[l];

    eip_findings_add(x->findings, EIP_SEV_WARNING, "learner-no-register",
                     c->tables[1].path, c->tables[1].sheet, who->row, 0,
                     "check the registers: the learner may be listed under "
                     "another enrolment number",
                     "%s (%s) is on no register", who->name, who->enrolment);
    eip_findings_tag(x->findings, NULL, who->enrolment);
}

static int judge_learner(const check_ctx *x, tally *t, size_t l, eip_verdict *v)
{
    const eip_cohort *c = x->cohort;

    memset(t->group_live, 0, sizeof(t->group_live));
    memset(t->group_recorded, 0, sizeof(t->group_recorded));
    t->other_live = t->other_recorded = 0;
    t->nlive = t->nrecorded = 0;
    t->on_any_register = 0;
    for (size_t i = 0; i < c->nactivities; i++) {
        const eip_activity *a = &c->activities[i];

        if (a->marks != NULL && a->marks[l] != EIP_MARK_NONE) {
            t->on_any_register = 1;
        }
        if (counts(x, a, l)) {
            add(t, x, i);
        }
    }
    v->result = judge(t, x->rules);
    v->nactivities = v->result == EIP_RESULT_MET     ? t->nlive
                     : v->result == EIP_RESULT_REFER ? t->nlive + t->nrecorded
                                                     : 0;
    v->activities = calloc(v->nactivities + 1, sizeof(size_t));
    if (v->activities == NULL) {
        return EIP_ENOMEM;
    }
    memcpy(v->activities, t->live,
           (v->nactivities > t->nlive ? t->nlive : v->nactivities) *
               sizeof(size_t));
    if (v->result == EIP_RESULT_REFER) {
        memcpy(v->activities + t->nlive, t->recorded,
               t->nrecorded * sizeof(size_t));
    }
    return 0;
}

static int cmp_index(const void *a, const void *b)
{
    size_t x = *(const size_t *)a;
    size_t y = *(const size_t *)b;

    return (x > y) - (x < y);
}

int check_verdicts(check_ctx *x, eip_check *k)
{
    size_t n = x->cohort->nactivities + 1;
    tally t;
    int rc = 0;

    memset(&t, 0, sizeof(t));
    k->verdicts = calloc(x->cohort->nlearners + 1, sizeof(*k->verdicts));
    t.live = calloc(n, sizeof(size_t));
    t.recorded = calloc(n, sizeof(size_t));
    if (k->verdicts == NULL || t.live == NULL || t.recorded == NULL) {
        rc = EIP_ENOMEM;
    }
    for (size_t l = 0; rc == 0 && l < x->cohort->nlearners; l++) {
        eip_verdict *v = &k->verdicts[l];

        rc = judge_learner(x, &t, l, v);
        k->nlearners = l + 1;
        if (rc != 0) {
            break;
        }
        qsort(v->activities, v->nactivities, sizeof(size_t), cmp_index);
        k->met += v->result == EIP_RESULT_MET;
        k->refer += v->result == EIP_RESULT_REFER;
        k->not_met += v->result == EIP_RESULT_NOT_MET;
        report(x, &t, l, v->result);
        if (!t.on_any_register && x->stage == EIP_STAGE_SUBMISSION) {
            report_no_register(x, l);
        }
    }
    free(t.live);
    free(t.recorded);
    return rc;
}
