-module(main).
-export([main/0]).

main() -> loop(0).

loop(N) -> loop(N + 1).
