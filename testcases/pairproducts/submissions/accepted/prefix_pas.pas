program prefix_pas;
const
  modulus = 1000000007;
var
  n, i: longint;
  a, prefix, total: int64;
begin
  read(n);
  prefix := 0;
  total := 0;
  for i := 1 to n do
  begin
    read(a);
    total := (total + a * prefix) mod modulus;
    prefix := (prefix + a) mod modulus;
  end;
  writeln(total);
end.
