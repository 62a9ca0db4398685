% Grouped aggregates, SWI-Prolog: count, sum and mean of V per group G.
main :-
    findall(G-N-S-M,
            ( aggregate(r(count, sum(V)), I^val(I, G, V), r(N, S)),
              M is S / N ),
            Stats),
    length(Stats, C),
    format("stats\t~d~n", [C]).
