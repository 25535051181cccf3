program tle;
var
  n: qword;
begin
  n := 0;
  while true do
    n := n + 1;
  writeln(n);
end.
