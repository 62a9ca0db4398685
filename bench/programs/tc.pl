% Transitive closure, SWI-Prolog with tabling.
% Run as: swipl --stack-limit=8g -q -g main -t halt facts.pl tc.pl
:- set_prolog_flag(table_space, 16 000 000 000).
:- table path/2.
path(X, Y) :- edge(X, Y).
path(X, Z) :- path(X, Y), edge(Y, Z).

main :- aggregate_all(count, path(_, _), N), format("path\t~d~n", [N]).
