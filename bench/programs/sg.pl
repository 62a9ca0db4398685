% Same generation, SWI-Prolog with tabling.
% The recursive rule calls sg(A, B) first so tabling keeps a single
% sg(_, _) variant table (calling it with A bound would create one table per A).
:- set_prolog_flag(table_space, 16 000 000 000).
:- table sg/2.
sg(X, Y) :- parent(P, X), parent(P, Y), X \== Y.
sg(X, Y) :- sg(A, B), parent(A, X), parent(B, Y).

main :- aggregate_all(count, sg(_, _), N), format("sg\t~d~n", [N]).
