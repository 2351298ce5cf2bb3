/* pq_lazy.c: libpq, loaded the first time the kiosk talks to the school's
 * PostgreSQL.
 *
 * Linked the usual way, libpq brings Kerberos, LDAP and TLS into every
 * start: about 11 ms of a 65 ms start to the first frame on the host, for a
 * school sync most kiosks never run. So the program is not linked against
 * it: the functions db_school.c, db_sync.c, firmware/sync.c and
 * firmware/cli_school.c call are defined here under libpq's own names (an
 * exception to this folder's prefixes) and forward to the library opened
 * on first use (base/lazylib.h). Without the library a connection fails
 * cleanly: PQconnectdbParams returns NULL with errno ELIBACC. The package
 * still depends on libpq5 (image/deb/control.in). */
#include "base/lazylib.h"

#include <libpq-fe.h>

static struct lazylib lib = {.soname = "libpq.so.5", .what = "school"};

#define FORWARD(ret, name, params, args, fail) LAZYLIB_FORWARD(lib, ret, name, params, args, fail)
#define FORWARD_VOID(name, params, args) LAZYLIB_FORWARD_VOID(lib, name, params, args)

FORWARD(PGconn *, PQconnectdbParams,
        (const char *const *keywords, const char *const *values, int expand_dbname),
        (keywords, values, expand_dbname), return NULL)
FORWARD(ConnStatusType, PQstatus, (const PGconn *conn), (conn), return CONNECTION_BAD)
FORWARD(PGTransactionStatusType, PQtransactionStatus, (const PGconn *conn), (conn),
        return PQTRANS_UNKNOWN)
FORWARD(char *, PQerrorMessage, (const PGconn *conn), (conn), return "libpq missing")
FORWARD_VOID(PQfinish, (PGconn *conn), (conn))
FORWARD(PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query), return NULL)
FORWARD(PGresult *, PQexecParams,
        (PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
         const char *const *paramValues, const int *paramLengths, const int *paramFormats,
         int resultFormat),
        (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats,
         resultFormat),
        return NULL)
FORWARD_VOID(PQclear, (PGresult *res), (res))
FORWARD(ExecStatusType, PQresultStatus, (const PGresult *res), (res), return PGRES_FATAL_ERROR)
FORWARD(char *, PQresultErrorMessage, (const PGresult *res), (res), return "libpq missing")
FORWARD(char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode),
        return NULL)
FORWARD(int, PQntuples, (const PGresult *res), (res), return 0)
FORWARD(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num),
        (res, tup_num, field_num), return "")
FORWARD(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num),
        (res, tup_num, field_num), return 1)
FORWARD(PGcancel *, PQgetCancel, (PGconn *conn), (conn), return NULL)
FORWARD(int, PQcancel, (PGcancel *cancel, char *errbuf, int errbufsize),
        (cancel, errbuf, errbufsize), return 0)
FORWARD_VOID(PQfreeCancel, (PGcancel *cancel), (cancel))
