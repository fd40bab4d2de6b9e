/* SPDX-License-Identifier: MIT */
/*
 * report_html.c - the report as one self-contained HTML page for exams
 * officers to read on screen and print: no scripts, fonts, images or
 * links, only inline CSS, and nothing that changes from run to run.
 */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

/* Append s with the five characters HTML gives meaning to escaped. */
/* With a spill file, the page is written out in pieces of this size. */
#define SPILL_BYTES (256u * 1024u)

static void esc(eip_buf *b, const char *s)
{
    for (const char *p = s != NULL ? s : ""; *p != '\0'; p++) {
        switch (*p) {
        case '&':
            eip_buf_puts(b, "&amp;");
            break;
        case '<':
            eip_buf_puts(b, "&lt;");
            break;
        case '>':
            eip_buf_puts(b, "&gt;");
            break;
        case '"':
            eip_buf_puts(b, "&quot;");
            break;
        case '\'':
            eip_buf_puts(b, "&#39;");
            break;
        default:
            eip_buf_putc(b, *p);
            break;
        }
    }
}

static const char html_style[] =
    "<style>\n"
    ":root{--ink:#1b1f24;--muted:#5b6470;--line:#d5dae1;--head:#f3f5f8;"
    "--live:#e3f4e8;--live-ink:#14532d;--rec:#fff4d6;--rec-ink:#7a4a00;"
    "--abs:#fde7e7;--abs-ink:#8f1d1d;--blank:#eef0f3;--blank-ink:#3b4252;"
    "--accent:#1f4e79}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;color:var(--ink);background:#fff;"
    "font:15px/1.45 system-ui,\"Segoe UI\",Roboto,\"Helvetica Neue\","
    "Arial,\"DejaVu Sans\",sans-serif}\n"
    ".page{max-width:1200px;margin:0 auto;padding:24px 20px 40px}\n"
    "header{border-bottom:3px solid var(--accent);padding-bottom:12px;"
    "margin-bottom:20px}\n"
    "h1{font-size:1.6rem;margin:0 0 4px;color:var(--accent)}\n"
    "h2{font-size:1.2rem;margin:28px 0 10px;padding-bottom:4px;"
    "border-bottom:1px solid var(--line)}\n"
    "h3{font-size:1rem;margin:18px 0 6px}\n"
    ".lead{margin:0;color:var(--muted)}\n"
    "dl.ids{display:grid;grid-template-columns:repeat(auto-fill,"
    "minmax(190px,1fr));gap:10px 24px;margin:14px 0 0}\n"
    "dl.ids div.wide{grid-column:span 2}\n"
    "dl.ids dt{color:var(--muted);font-size:12px;text-transform:uppercase;"
    "letter-spacing:.04em}\n"
    "dl.ids dd{margin:0;font-weight:600}\n"
    "ul.tiles{list-style:none;padding:0;margin:0;display:flex;"
    "flex-wrap:wrap;gap:10px}\n"
    "ul.tiles li{border:1px solid var(--line);border-radius:6px;"
    "padding:8px 14px;min-width:104px}\n"
    "ul.tiles b{display:block;font-size:1.5rem;line-height:1.2}\n"
    "ul.tiles .bad{border-color:#c62828;border-width:2px}\n"
    "ul.tiles .warn{border-color:#d98c00;border-width:2px}\n"
    ".scroll{overflow-x:auto;border:1px solid var(--line);"
    "border-radius:6px;max-width:100%}\n"
    "table{border-collapse:collapse}\n"
    "caption{caption-side:top;text-align:left;padding:8px 10px;"
    "color:var(--muted)}\n"
    "table.grid{font-size:13px;white-space:nowrap}\n"
    ".grid th,.grid td{border:1px solid var(--line);padding:3px 6px}\n"
    ".grid thead th{background:var(--head);vertical-align:bottom;"
    "text-align:center;font-weight:600}\n"
    ".grid thead th .t{display:block;font-weight:400;font-size:11px;"
    "color:var(--muted)}\n"
    ".grid thead th.nc .t{font-style:italic}\n"
    ".grid thead th:first-child{text-align:left}\n"
    ".grid abbr{text-decoration:none}\n"
    ".grid tbody th{text-align:left;font-weight:600;background:#fff;"
    "position:sticky;left:0;z-index:1;"
    "box-shadow:1px 0 0 var(--line)}\n"
    ".grid tbody th .e{display:block;font-weight:400;font-size:11px;"
    "color:var(--muted)}\n"
    ".grid tbody tr:nth-child(even) th,.grid tbody tr:nth-child(even) td."
    "res{background:#fafbfc}\n"
    ".grid td{text-align:center}\n"
    "td.res{text-align:left;font-weight:600}\n"
    ".r-met{color:var(--live-ink)}\n"
    ".r-not{color:var(--abs-ink)}\n"
    ".r-ref{color:var(--rec-ink)}\n"
    ".m-live{background:var(--live);color:var(--live-ink)}\n"
    ".m-rec{background:var(--rec);color:var(--rec-ink)}\n"
    ".m-abs{background:var(--abs);color:var(--abs-ink)}\n"
    ".m-blank{background:var(--blank);color:var(--blank-ink);"
    "font-weight:600}\n"
    ".m-off{color:#9aa3ad}\n"
    ".m-none{color:#9aa3ad;background:#f6f7f9}\n"
    "dl.legend{display:flex;flex-wrap:wrap;gap:6px 18px;margin:10px 0 0;"
    "font-size:13px}\n"
    "dl.legend div{display:flex;align-items:center;gap:6px}\n"
    "dl.legend dt{border:1px solid var(--line);padding:1px 6px;"
    "min-width:58px;text-align:center}\n"
    "dl.legend dd{margin:0}\n"
    ".note{font-size:13px;color:var(--muted);margin:6px 0 0}\n"
    "ol.findings{list-style:none;padding:0;margin:0}\n"
    "ol.findings li{border-left:4px solid var(--line);padding:6px 10px;"
    "margin:0 0 8px;background:#fafbfc}\n"
    ".s-error li{border-left-color:#c62828}\n"
    ".s-warning li{border-left-color:#d98c00}\n"
    ".s-info li{border-left-color:#5b8fc7}\n"
    ".place{display:block;font-size:12px;color:var(--muted);"
    "overflow-wrap:anywhere}\n"
    ".code{font:12px ui-monospace,\"DejaVu Sans Mono\",monospace;"
    "color:var(--muted);white-space:nowrap}\n"
    ".hint{display:block;font-size:13px;margin-top:2px}\n"
    "table.sample{width:100%;font-size:14px}\n"
    ".sample th,.sample td{border-bottom:1px solid var(--line);"
    "padding:4px 8px;text-align:left;vertical-align:top}\n"
    ".sample thead th{background:var(--head)}\n"
    "footer{margin-top:32px;font-size:12px;color:var(--muted)}\n"
    "@media (max-width:600px){.page{padding:14px 10px 30px}"
    "h1{font-size:1.3rem}dl.ids{grid-template-columns:1fr}"
    "dl.ids div.wide{grid-column:auto}"
    ".grid caption{position:sticky;left:0;white-space:normal;"
    "max-width:calc(100vw - 24px)}"
    "dl.ids dd{margin-bottom:4px}ul.tiles li{min-width:0;flex:1 1 40%}}\n"
    "@page{size:A4;margin:12mm}\n"
    "@page wide{size:A4 landscape;margin:10mm}\n"
    "@media print{body{font-size:10pt}.page{max-width:none;padding:0}"
    "h2{break-after:avoid}h3{break-after:avoid}"
    "section.wide{page:wide}"
    "section.grid-sec{break-before:page}"
    ".scroll{overflow:visible;border:0}"
    "table.grid{font-size:7.5pt}"
    ".grid th,.grid td{padding:1px 3px;border-color:#999}"
    ".grid thead{display:table-header-group}"
    ".grid tr,ol.findings li,ul.tiles li,.sample tr{break-inside:avoid}"
    ".grid tbody th{position:static;box-shadow:none}"
    ".grid tbody th .e{display:inline;margin-left:4px}"
    "ol.findings li{background:none;border-left-width:3px}"
    "#sample{break-inside:avoid}.screen{display:none}"
    "footer{margin-top:12px}}\n"
    "</style>\n";

static const char *field(const eip_report_input *in, const char *id)
{
    return eip_cohort_field(in->cohort, in->rules, id);
}

static const char *stage_name(const eip_report_input *in)
{
    return in->check->stage == EIP_STAGE_APPROVAL ? "approval" : "submission";
}

static void html_head(eip_buf *b, const eip_report_input *in)
{
    eip_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n"
                    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                    "content=\"width=device-width, initial-scale=1\">\n"
                    "<title>Employer involvement: ");
    esc(b, field(in, "cohort"));
    eip_buf_puts(b, ", ");
    esc(b, field(in, "centre-name"));
    eip_buf_puts(b, ", ");
    esc(b, field(in, "academic-year"));
    eip_buf_puts(b, "</title>\n");
    eip_buf_puts(b, html_style);
    eip_buf_puts(b, "</head>\n<body>\n<div class=\"page\">\n");
}

static void id_row(eip_buf *b, const char *label, const char *value)
{
    eip_buf_printf(b, "<div%s><dt>%s</dt><dd>",
                   strlen(value) > 30 ? " class=\"wide\"" : "", label);
    esc(b, value[0] != '\0' ? value : "not given");
    eip_buf_puts(b, "</dd></div>\n");
}

static void html_header(eip_buf *b, const eip_report_input *in)
{
    eip_buf_puts(b, "<header>\n<h1>Employer involvement report</h1>\n"
                    "<p class=\"lead\">");
    esc(b, field(in, "centre-name"));
    eip_buf_puts(b, " &middot; cohort ");
    esc(b, field(in, "cohort"));
    eip_buf_puts(b, " &middot; ");
    esc(b, field(in, "academic-year"));
    eip_buf_puts(b, "</p>\n<dl class=\"ids\">\n");
    id_row(b, "Centre number", field(in, "centre-number"));
    id_row(b, "Centre name", field(in, "centre-name"));
    id_row(b, "Qualification number", field(in, "qualification-number"));
    id_row(b, "Qualification title", field(in, "qualification-title"));
    id_row(b, "Cohort", field(in, "cohort"));
    id_row(b, "Academic year", field(in, "academic-year"));
    id_row(b, "Stage", stage_name(in));
    eip_buf_puts(b, "</dl>\n</header>\n<main>\n");
}

/* A count; a nonzero one is outlined when it needs attention. */
static void tile(eip_buf *b, size_t n, const char *label, const char *mark)
{
    eip_buf_puts(b, "<li");
    if (mark != NULL && n > 0) {
        eip_buf_printf(b, " class=\"%s\"", mark);
    }
    eip_buf_printf(b, "><b>%zu</b> %s</li>\n", n, label);
}

static void html_summary(eip_buf *b, const eip_report_input *in)
{
    const eip_check *k = in->check;
    const eip_findings *f = in->findings;

    eip_buf_puts(b, "<section id=\"summary\">\n<h2>Summary</h2>\n"
                    "<ul class=\"tiles\">\n");
    tile(b, in->cohort->nlearners, "learners", NULL);
    tile(b, k->met, "met", NULL);
    tile(b, k->not_met, "not met", "bad");
    tile(b, k->refer, "refer", "warn");
    tile(b, eip_findings_count_severity(f, EIP_SEV_ERROR), "errors", "bad");
    tile(b, eip_findings_count_severity(f, EIP_SEV_WARNING), "warnings",
         "warn");
    tile(b, eip_findings_count_severity(f, EIP_SEV_INFO), "notes", NULL);
    eip_buf_puts(b, "</ul>\n</section>\n");
}

/* A short visible label for each activity type of the built-in rules. */
static const char *type_short(const eip_report_input *in, const eip_activity *a)
{
    static const char *const map[][2] = {
        {"work-experience", "work exp"},
        {"work-placement", "placement"},
        {"practical-activities", "practical"},
        {"formative-assessments", "formative"},
        {"guest-lectures", "lecture"},
        {"master-classes", "master class"},
        {"expert-witnesses", "witness"},
        {"qualification-design", "design"},
        {"hosting-visits", "visit"},
        {"employability-talks", "talk"},
        {"careers-fairs", "fair"},
        {"simulated-environments", "simulated"},
        {"job-references", "reference"}};
    const eip_activity_type *t;

    if (a->type < 0) {
        return "unknown";
    }
    t = eip_rules_type(in->rules, (size_t)a->type);
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        if (strcmp(map[i][0], t->id) == 0) {
            return map[i][1];
        }
    }
    return t->name;
}

/* Whether the activity can count towards the requirement at this stage. */
static int can_count(const eip_report_input *in, const eip_activity *a)
{
    if (a->type < 0 ||
        !eip_rules_type(in->rules, (size_t)a->type)->meaningful) {
        return 0;
    }
    if (in->check->stage == EIP_STAGE_APPROVAL) {
        return a->status != EIP_WORD_CANCELLED && a->status != EIP_WORD_NONE;
    }
    return a->status == EIP_WORD_DELIVERED;
}

static const char *delivery_word(const eip_activity *a)
{
    if (a->delivery == EIP_WORD_LIVE) {
        return "live";
    }
    return a->delivery == EIP_WORD_RECORDED ? "recorded" : "delivery not given";
}

/* "Guest lectures, live: Smart grids (does not count)" */
static void activity_title(eip_buf *b, const eip_report_input *in,
                           const eip_activity *a)
{
    const char *title = eip_activity_value(a, in->rules, "title");

    esc(b, a->type >= 0 ? eip_rules_type(in->rules, (size_t)a->type)->name
                        : eip_activity_value(a, in->rules, "activity-type"));
    eip_buf_printf(b, ", %s", delivery_word(a));
    if (a->status == EIP_WORD_PLANNED || a->status == EIP_WORD_CANCELLED) {
        eip_buf_puts(b, a->status == EIP_WORD_PLANNED ? ", planned"
                                                      : ", cancelled");
    }
    if (title[0] != '\0') {
        eip_buf_puts(b, ": ");
        esc(b, title);
    }
    if (!can_count(in, a)) {
        eip_buf_puts(b, " (does not count)");
    }
}

static void grid_head(eip_buf *b, const eip_report_input *in)
{
    eip_buf_puts(b, "<thead>\n<tr><th scope=\"col\">Learner</th>"
                    "<th scope=\"col\">Result</th>");
    for (size_t i = 0; i < in->cohort->nactivities; i++) {
        const eip_activity *a = &in->cohort->activities[i];
        eip_buf title = EIP_BUF_INIT;

        activity_title(&title, in, a);
        eip_buf_printf(b,
                       "<th scope=\"col\"%s title=\"%s\"><abbr "
                       "title=\"%s\">",
                       can_count(in, a) ? "" : " class=\"nc\"",
                       eip_buf_str(&title), eip_buf_str(&title));
        esc(b, a->id);
        eip_buf_puts(b, "</abbr><span class=\"t\">");
        esc(b, type_short(in, a));
        eip_buf_puts(b, "</span></th>");
        b->failed |= title.failed;
        eip_buf_free(&title);
    }
    eip_buf_puts(b, "</tr>\n</thead>\n");
}

/* The class, symbol and word of a learner's mark on an activity. */
static void mark_cell(eip_buf *b, const eip_activity *a, size_t l)
{
    static const char *const cells[][2] = {{"m-off", "&ndash; off"},
                                           {"m-live", "&#10003; live"},
                                           {"m-abs", "&#10007; abs"},
                                           {"m-blank", "? blank"},
                                           {"m-rec", "&#9680; rec"}};
    size_t k = a->marks[l] < 4 ? a->marks[l] : 0;

    if (k == EIP_MARK_PRESENT && a->delivery == EIP_WORD_RECORDED) {
        k = 4;
    }
    eip_buf_printf(b, "<td class=\"%s\">%s</td>", cells[k][0], cells[k][1]);
}

static void grid_row(eip_buf *b, const eip_report_input *in, size_t l)
{
    static const char *const res[] = {"r-not\">&#10007; ", "r-met\">&#10003; ",
                                      "r-ref\">! "};
    const eip_learner *who = &in->cohort->learners[l];
    eip_result r = in->check->verdicts[l].result;

    eip_buf_puts(b, "<tr><th scope=\"row\">");
    esc(b, who->name);
    eip_buf_puts(b, "<span class=\"e\">");
    esc(b, who->enrolment);
    eip_buf_printf(b, "</span></th><td class=\"res %s%s</td>",
                   res[r <= EIP_RESULT_REFER ? r : 0], eip_result_label(r));
    for (size_t i = 0; i < in->cohort->nactivities; i++) {
        const eip_activity *a = &in->cohort->activities[i];

        if (a->marks != NULL) {
            mark_cell(b, a, l);
        } else {
            eip_buf_puts(b, "<td class=\"m-none\">&middot; n/a</td>");
        }
    }
    eip_buf_puts(b, "</tr>\n");
}

static const char html_legend[] =
    "<dl class=\"legend\" aria-label=\"Legend\">\n"
    "<div><dt class=\"m-live\">&#10003; live</dt><dd>attended live</dd>"
    "</div>\n"
    "<div><dt class=\"m-rec\">&#9680; rec</dt><dd>watched a recording "
    "(a contingency, not live)</dd></div>\n"
    "<div><dt class=\"m-abs\">&#10007; abs</dt><dd>absent</dd></div>\n"
    "<div><dt class=\"m-blank\">? blank</dt><dd>on the register, "
    "attendance not recorded</dd></div>\n"
    "<div><dt class=\"m-off\">&ndash; off</dt><dd>not on the register"
    "</dd></div>\n"
    "<div><dt class=\"m-none\">&middot; n/a</dt><dd>no register read for "
    "the activity</dd></div>\n"
    "</dl>\n"
    "<p class=\"note\">Each column is an activity: its ID and a short "
    "type<span class=\"screen\">; hover over the ID for the full type, "
    "delivery and title</span>. Types "
    "in <i>italics</i> never count towards the requirement. Results: "
    "&#10003; Met, &#10007; Not met, ! Refer (met only with recorded "
    "sessions: ask the awarding body).</p>\n";

static int html_grid(eip_buf *b, const eip_report_input *in)
{
    size_t *order = eip_report_learner_order(in->cohort);

    if (order == NULL) {
        return EIP_ENOMEM;
    }
    eip_buf_printf(b,
                   "<section id=\"grid\" class=\"grid-sec%s\">\n"
                   "<h2>Learners and activities</h2>\n<div class=\"scroll\" "
                   "role=\"region\" aria-labelledby=\"grid-caption\" "
                   "tabindex=\"0\">\n<table class=\"grid\">\n<caption "
                   "id=\"grid-caption\">Each learner&#39;s attendance at "
                   "each activity, from the registers; learners by "
                   "enrolment number</caption>\n",
                   in->cohort->nactivities > 6 ? " wide" : "");
    grid_head(b, in);
    eip_buf_puts(b, "<tbody>\n");
    for (size_t i = 0; i < in->cohort->nlearners; i++) {
        grid_row(b, in, order[i]);
        eip_buf_drain(b, SPILL_BYTES);
    }
    eip_buf_puts(b, "</tbody>\n</table>\n</div>\n");
    eip_buf_puts(b, html_legend);
    eip_buf_puts(b, "</section>\n");
    free(order);
    return 0;
}

static void html_finding(eip_buf *b, const eip_finding *f)
{
    eip_buf place = EIP_BUF_INIT;

    eip_report_place(&place, f);
    eip_buf_puts(b, "<li><span class=\"place\">");
    esc(b, eip_buf_str(&place));
    eip_buf_puts(b, "</span>");
    esc(b, f->message);
    eip_buf_puts(b, " <span class=\"code\">[");
    esc(b, f->code);
    eip_buf_puts(b, "]</span>");
    if (f->hint[0] != '\0') {
        eip_buf_puts(b, "<span class=\"hint\"><b>What to do:</b> ");
        esc(b, f->hint);
        eip_buf_puts(b, "</span>");
    }
    eip_buf_puts(b, "</li>\n");
    b->failed |= place.failed;
    eip_buf_free(&place);
}

static void html_severity(eip_buf *b, const eip_findings *f, eip_severity sev,
                          const char *title)
{
    size_t n = eip_findings_count_severity(f, sev);

    eip_buf_printf(b, "<h3>%s (%zu)</h3>\n", title, n);
    if (n == 0) {
        eip_buf_puts(b, "<p>None.</p>\n");
        return;
    }
    eip_buf_printf(b, "<ol class=\"findings s-%s\">\n", eip_severity_name(sev));
    for (size_t i = 0; i < eip_findings_count(f); i++) {
        const eip_finding *x = eip_findings_get(f, i);

        if (x->severity == sev) {
            html_finding(b, x);
        }
    }
    eip_buf_puts(b, "</ol>\n");
}

static void html_findings(eip_buf *b, const eip_report_input *in)
{
    eip_buf_puts(b, "<section id=\"findings\">\n<h2>Findings</h2>\n");
    html_severity(b, in->findings, EIP_SEV_ERROR, "Errors");
    html_severity(b, in->findings, EIP_SEV_WARNING, "Warnings");
    html_severity(b, in->findings, EIP_SEV_INFO, "Notes");
    eip_buf_puts(b, "</section>\n");
}

static void sample_row(eip_buf *b, const eip_report_input *in, size_t i,
                       eip_buf *reason)
{
    const eip_activity *a = &in->cohort->activities[i];
    int out = in->sample->entries[i].state == EIP_SAMPLE_OUT;

    eip_buf_reset(reason);
    eip_report_sample_reason(reason, in, i);
    eip_buf_puts(b, "<tr><th scope=\"row\">");
    esc(b, a->id);
    eip_buf_puts(b, "</th><td>");
    esc(b, type_short(in, a));
    eip_buf_printf(b, "</td><td>%s</td><td>",
                   out ? "&ndash; not uploaded" : "&#10003; uploaded");
    esc(b, eip_buf_str(reason));
    eip_buf_puts(b, "</td></tr>\n");
}

static void html_sample(eip_buf *b, const eip_report_input *in)
{
    eip_buf reason = EIP_BUF_INIT;

    eip_buf_printf(b,
                   "<section id=\"sample\">\n<h2>Registers to upload"
                   "</h2>\n<table class=\"sample\">\n<caption>The sample "
                   "of registers (seed %llu): the same cohort and seed "
                   "always give the same sample</caption>\n<thead><tr>"
                   "<th scope=\"col\">Activity</th><th scope=\"col\">Type"
                   "</th><th scope=\"col\">Register</th><th scope=\"col\">"
                   "Why</th></tr></thead>\n<tbody>\n",
                   (unsigned long long)in->sample->seed);
    for (size_t i = 0; i < in->sample->nentries; i++) {
        if (in->sample->entries[i].state != EIP_SAMPLE_NOT_APPLICABLE) {
            sample_row(b, in, i, &reason);
        }
    }
    eip_buf_puts(b, "</tbody>\n</table>\n</section>\n");
    b->failed |= reason.failed;
    eip_buf_free(&reason);
}

int eip_report_html(eip_buf *out, const eip_report_input *in)
{
    html_head(out, in);
    html_header(out, in);
    html_summary(out, in);
    if (html_grid(out, in) != 0) {
        return EIP_ENOMEM;
    }
    html_findings(out, in);
    if (in->sample != NULL) {
        html_sample(out, in);
    }
    eip_buf_puts(out, "</main>\n<footer>Made by eipack from the cohort "
                      "folder&#39;s tracker and registers (");
    esc(out, stage_name(in));
    eip_buf_puts(out, " stage).</footer>\n</div>\n</body>\n</html>\n");
    return out->failed ? EIP_ENOMEM : 0;
}
