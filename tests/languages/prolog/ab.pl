main :-
    read_string(user_input, _, Text),
    split_string(Text, " \t\n\r", " \t\n\r", Parts),
    exclude(==(""), Parts, [SA, SB | _]),
    number_string(A, SA),
    number_string(B, SB),
    Sum is A + B,
    format("~d~n", [Sum]).
