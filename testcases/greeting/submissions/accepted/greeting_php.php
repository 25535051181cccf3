<?php
$n = intval(trim(fgets(STDIN)));
$out = '';
for ($i = 0; $i < $n; $i++) {
    $out .= 'Hello, ' . trim(fgets(STDIN)) . "!\n";
}
echo $out;
