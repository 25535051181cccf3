# Words separated by blank lines, ending with CR LF line breaks.
data = STDIN.read.split
n = data[0].to_i
print data[1, n].reverse.join("\r\n\r\n"), "\r\n"
