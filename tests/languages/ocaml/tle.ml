let () =
  let n = ref 0 in
  while true do
    n := !n + 1
  done;
  print_int !n
