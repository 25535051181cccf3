(let ((n 0))
  (loop (setf n (logand (1+ n) most-positive-fixnum))))
