n = STDIN.gets.to_i
n.times { puts "Hello, #{STDIN.gets.strip}!" }
