program circlearea_pas;
{ Fixed notation with 9 decimals: "0.000000000" for the tiniest areas (absolute error < 1e-6). }
var
  n, i: longint;
  r: double;
begin
  readln(n);
  for i := 1 to n do
  begin
    readln(r);
    writeln(pi * r * r:0:9);
  end;
end.
