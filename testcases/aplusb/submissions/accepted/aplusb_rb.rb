data = STDIN.read.split
t = data[0].to_i
out = []
t.times { |i| out << (data[1 + 2 * i].to_i + data[2 + 2 * i].to_i) }
puts out
