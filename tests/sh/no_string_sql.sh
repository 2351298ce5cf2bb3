#!/usr/bin/env bash
# tests/sh/no_string_sql.sh [BUILD]: nothing a person types reaches SQL
# except through bound parameters. Fails on, in base/ db/ firmware/ ui/:
#  1. sqlite3_mprintf, sqlite3_vmprintf, sqlite3_snprintf, sqlite3_str_*printf;
#  2. snprintf/sprintf/vsnprintf/asprintf/strcat whose format or text holds
#     SQL (SELECT, INSERT, UPDATE, DELETE, PRAGMA, CREATE, ...);
#  3. SQL run from anything but a string literal: the SQL argument of
#     sqlite3_prepare*, sqlite3_exec, db_stmt and db_exec. A function that
#     passes its own `const char *` parameter on (db_stmt, pragma_int, ...)
#     is found by itself, and then its callers must pass literals; so may a
#     member of a `static const struct` table (steps[i].sql).
# The few other exceptions are listed below with the reason each is safe.
# It first checks itself on tests/data/string_sql_bad.c, which must fail.
set -u

# file<TAB>call<TAB>SQL argument or format: allowed, and why.
allowed=$(cat <<'EOF'
db/db_migrate.c	snprintf	PRAGMA user_version=%d	an int from db_migrate_latest(), no text
db/db_migrate.c	sqlite3_exec	sql	the PRAGMA user_version above
db/db_migrate.c	sqlite3_exec	db_migrate_step(v + 1)	static const array of literals (or a test's literal)
db/db_compat.c	try_step	db_migrate_step(v)	the same steps, tried on an empty store
db/db_sync.c	db_exec	backfill[i]	static const array of literals
db/db_sync.c	db_exec	tb->gone	points into db_sync_tables[], static const literals (db_sync_tables.c)
db/db_sync.c	db_stmt	tb->batch	points into db_sync_tables[], static const literals (db_sync_tables.c)
db/db_sync.c	step_json	tb->adopt	points into db_sync_tables[], static const literals (db_sync_tables.c)
db/db_sync.c	step_json	tb->apply[k]	points into db_sync_tables[], static const literals (db_sync_tables.c)
db/db_sheet.c	db_stmt	s->sql	points into db_sheet_table[] above, const literals
EOF
)

check() { # files...: prints one line per finding
    ALLOWED="$allowed" perl -e '
        use strict;
        use warnings;
        my %ok;
        for (split /\n/, $ENV{ALLOWED}) {
            my ($f, $c, $a) = split /\t/;
            $ok{"$f\t$c\t$a"} = 1;
        }
        my $sqlword = qr/\b(?:SELECT|INSERT|UPDATE|DELETE|REPLACE|PRAGMA|CREATE|DROP|ALTER|ATTACH|VACUUM)\s/;
        # function => index of its SQL argument; wrappers are added below
        my %takes_sql = (sqlite3_prepare => 1, sqlite3_prepare_v2 => 1, sqlite3_prepare_v3 => 1,
                         sqlite3_exec => 1, db_stmt => 1, db_exec => 1);
        my (%src, %name);
        for my $file (@ARGV) {
            open my $fh, "<", $file or die "$file: $!";
            local $/;
            my $text = <$fh>;
            # comments out, strings kept (line numbers kept too)
            $text =~ s{/\*.*?\*/}{ my $c = $&; $c =~ s/[^\n]/ /g; $c }gse;
            $text =~ s{//[^\n]*}{}g;
            $src{$file} = $text;
            ($name{$file} = $file) =~ s{^.*?((?:base|db|firmware|ui|tests/data)/)}{$1};
        }
        my $line_of = sub { 1 + (substr($_[0], 0, $_[1]) =~ tr/\n//) };
        # the text between a call s "(" and its matching ")", strings respected
        my $call_args = sub {
            my ($s, $pos) = @_;
            my ($depth, $i, $in) = (0, $pos, "");
            for (; $i < length $s; $i++) {
                my $ch = substr($s, $i, 1);
                if ($in) {
                    if ($ch eq "\\") { $i++; next }
                    $in = "" if $ch eq $in;
                    next;
                }
                if ($ch eq "\"" || $ch eq "\x27") { $in = $ch; next }
                $depth++ if $ch eq "(";
                if ($ch eq ")") { $depth--; last if $depth == 0 }
            }
            return substr($s, $pos + 1, $i - $pos - 1);
        };
        my $split_args = sub {
            my ($text) = @_;
            my @args;
            my ($cur, $depth, $in) = ("", 0, "");
            for (my $i = 0; $i < length $text; $i++) {
                my $ch = substr($text, $i, 1);
                if ($in) {
                    $cur .= $ch;
                    if ($ch eq "\\") { $cur .= substr($text, ++$i, 1); next }
                    $in = "" if $ch eq $in;
                    next;
                }
                if ($ch eq "\"" || $ch eq "\x27") { $in = $ch; $cur .= $ch; next }
                $depth++ if $ch eq "(" || $ch eq "[" || $ch eq "{";
                $depth-- if $ch eq ")" || $ch eq "]" || $ch eq "}";
                if ($ch eq "," && $depth == 0) { push @args, $cur; $cur = ""; next }
                $cur .= $ch;
            }
            push @args, $cur;
            s/^\s+|\s+$//g for @args;
            return @args;
        };
        my $literals = sub { my $t = ""; $t .= $1 while $_[0] =~ /"((?:[^"\\]|\\.)*)"/g; $t };
        # The function definition that encloses pos: (name, [params]).
        my $enclosing = sub {
            my ($s, $pos) = @_;
            my ($fn, $params);
            while ($s =~ /^[A-Za-z_][^;{}()=]*?\b(\w+)\s*\(([^()]*)\)\s*\{/mg) {
                last if $-[0] > $pos;
                ($fn, $params) = ($1, $2);
            }
            return $fn ? ($fn, [map { s/^\s+|\s+$//gr } split /,/, $params]) : ();
        };
        # A member of a static const table of literals: NAME[i].field, or
        # p->field where p points into such a table.
        my $from_const_table = sub {
            my ($s, $arg) = @_;
            my $table = qr/static\s+const\s+struct\s*(?:\w+\s*)?(?:\{[^{}]*\}\s*)?/;
            if ($arg =~ /^(\w+)\s*\[[^\]]*\]\s*\.\s*\w+$/) {
                return $s =~ /$table\b\Q$1\E\s*\[\s*\]\s*=/;
            }
            if ($arg =~ /^(\w+)\s*->\s*\w+$/) {
                my $p = $1;
                return 0 unless $s =~ /const\s+struct\s+(\w+)\s*\*\s*\Q$p\E\b/;
                my $type = $1;
                return $s =~ /static\s+const\s+struct\s+\Q$type\E\s+\w+\s*\[\s*\]\s*=/;
            }
            return 0;
        };

        my @found;
        for (my $round = 0, my $grew = 1; $grew && $round < 10; $round++) {
            $grew = 0;
            @found = ();
            for my $file (@ARGV) {
                my ($s, $n) = ($src{$file}, $name{$file});
                # 1. SQLite string builders
                while ($s =~ /\b(sqlite3_v?mprintf|sqlite3_v?snprintf|sqlite3_str_v?appendf)\s*\(/g) {
                    push @found, sprintf "%s:%d: %s builds SQL from strings", $n,
                        $line_of->($s, $-[0]), $1;
                }
                # 2. SQL written into a buffer with printf-style formatting
                while ($s =~ /\b(v?snprintf|v?sprintf|v?asprintf|strcat|strncat|strcpy)\s*(?=\()/g) {
                    my ($fn, $at) = ($1, $-[0]);
                    my $text = $literals->($call_args->($s, pos $s));
                    next unless $text =~ $sqlword;
                    (my $short = $text) =~ s/\s+/ /g;
                    next if $ok{"$n\t$fn\t$short"};
                    push @found, sprintf "%s:%d: %s puts SQL in a string: \"%s\"", $n,
                        $line_of->($s, $at), $fn, substr($short, 0, 60);
                }
                # 3. SQL that is not a literal
                my $names = join "|", map { quotemeta } sort keys %takes_sql;
                while ($s =~ /\b($names)\s*(?=\()/g) {
                    my ($fn, $at) = ($1, $-[0]);
                    my @args = $split_args->($call_args->($s, pos $s));
                    my $sql = $args[$takes_sql{$fn}] // "";
                    next if $sql =~ /^"/;                           # a literal
                    next if $sql =~ /^(?:const\s+)?char\s*\*/;      # a declaration
                    next if $ok{"$n\t$fn\t$sql"};
                    next if $from_const_table->($s, $sql);
                    # a parameter of the enclosing function: that function
                    # takes SQL, and its callers are checked instead
                    my ($encl, $params) = $enclosing->($s, $at);
                    if ($encl && $sql =~ /^\w+$/) {
                        my ($k) = grep { $params->[$_] =~ /^const\s+char\s*\*\s*\Q$sql\E$/ }
                                  0 .. $#$params;
                        if (defined $k) {
                            $grew = 1 unless defined $takes_sql{$encl};
                            $takes_sql{$encl} = $k;
                            next;
                        }
                    }
                    push @found, sprintf "%s:%d: %s runs SQL from \"%s\", not from a literal",
                        $n, $line_of->($s, $at), $fn, $sql;
                }
            }
        }
        print "$_\n" for @found;
        exit(@found ? 1 : 0);
    ' "$@"
}

# The check must be able to fail: the bad example has one of each.
self=$(check tests/data/string_sql_bad.c)
n=$(grep -c . <<<"$self")
if [ "$n" -ne 4 ]; then
    echo "no_string_sql: the self-test found $n of the 4 problems in tests/data/string_sql_bad.c:"
    echo "$self"
    exit 1
fi

files=$(ls base/*.c db/*.c firmware/*.c ui/*.c 2>/dev/null)
if out=$(check $files); then
    echo "no string-built SQL in $(wc -w <<<"$files") files"
    exit 0
fi
echo "String-built SQL found. Bind values with sqlite3_bind_* on a db_stmt() literal instead:"
echo "$out"
exit 1
