MOD = 1_000_000_007
data = STDIN.read.split
n = data[0].to_i
prefix = 0
total = 0
data[1, n].each do |s|
  a = s.to_i
  total = (total + a * prefix) % MOD
  prefix = (prefix + a) % MOD
end
puts total
