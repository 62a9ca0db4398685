% Stratified negation (unreachable pairs), SWI-Prolog with tabling.
% path/2 is subsumptive: once path(_, _) is complete, the ground calls made
% by \+ path(X, Y) are answered from that table instead of creating one
% new table per (X, Y).
:- set_prolog_flag(table_space, 16 000 000 000).
:- table path/2 as subsumptive.
path(X, Y) :- edge(X, Y).
path(X, Z) :- path(X, Y), edge(Y, Z).

unreach(X, Y) :- node(X), node(Y), \+ path(X, Y).

main :-
    aggregate_all(count, path(_, _), _),
    aggregate_all(count, unreach(_, _), N),
    format("unreach\t~d~n", [N]).
