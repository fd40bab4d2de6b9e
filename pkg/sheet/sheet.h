/* SPDX-License-Identifier: MIT */
/*
 * sheet.h - read the sheets of an .xlsx or .ods workbook as tables.
 *
 * A workbook is opened once, its sheets listed, and any sheet read through
 * the table interface of table/table.h, one row at a time: worksheets are
 * streamed, never loaded whole.  Every part inflated from the zip is
 * counted against the limits of the context (per part, per workbook, and
 * the ratio of inflated to compressed bytes), so a zip bomb stops early
 * with EIP_ELIMIT.
 *
 * Failures carry a finding code in err->finding:
 *   workbook-encrypted   a password-protected workbook (an OLE file)
 *   workbook-legacy-xls  an Excel 97-2003 .xls (an OLE file)
 *   workbook-not-zip     neither zip nor OLE: text renamed, for instance
 *   workbook-corrupt     damaged zip, CRC error, malformed XML or cell
 *   workbook-too-large   a limit was hit
 *   workbook-unsafe-xml  a part holds a DOCTYPE or entity reference
 *   sheet-missing        no sheet of the name asked for
 * While a sheet is read, warnings go to ctx->notes once per sheet:
 * sheet-hidden-rows, sheet-hidden-columns, sheet-comments and
 * formula-not-calculated.
 *
 * libxml2: the first open installs, once for the whole process and in a
 * thread-safe way, an external entity loader that loads nothing.  Any
 * other user of libxml2 in the same process gets that loader too.
 *
 * A workbook and the tables opened from it share state without locks:
 * use them from one thread at a time.
 */
#ifndef EIP_SHEET_H
#define EIP_SHEET_H

#include "base/error.h"
#include "table/table.h"

#include <stddef.h>

typedef struct eip_workbook eip_workbook;

/*
 * Open the workbook at path, an .xlsx or .ods file recognised by its
 * content, not its name.  ctx is copied (label and limits); ctx->notes
 * must outlive the workbook and its tables.  On success *out is owned by
 * the caller: close it with eip_workbook_close.
 */
int eip_workbook_open(eip_workbook **out, const char *path,
                      const eip_table_context *ctx, eip_error *err);

/* How many sheets the workbook has, hidden ones included. */
size_t eip_workbook_sheet_count(const eip_workbook *wb);

/* The name of sheet i (0-based, in workbook order), or NULL past the end. */
const char *eip_workbook_sheet_name(const eip_workbook *wb, size_t i);

/* Nonzero when sheet i is hidden (XLSX hidden or veryHidden). */
int eip_workbook_sheet_hidden(const eip_workbook *wb, size_t i);

/*
 * Open the sheet called name (ASCII letters compared without case), or
 * the first visible sheet when name is NULL, as a table streaming its
 * rows.  EIP_ENOTFOUND (finding sheet-missing) when there is no such
 * sheet.  The table holds its own reference to the workbook, so it stays
 * valid after eip_workbook_close; close it with eip_table_close.
 *
 * Rows come with their spreadsheet row numbers; empty rows are skipped.
 * An error while reading (a CRC mismatch found at the end of the part,
 * say) comes from eip_table_next after earlier rows were returned: the
 * caller must then drop what it read from the table.
 */
int eip_workbook_table(eip_table **out, eip_workbook *wb, const char *name,
                       eip_error *err);

/* Release the caller's reference; NULL allowed. */
void eip_workbook_close(eip_workbook *wb);

#endif
