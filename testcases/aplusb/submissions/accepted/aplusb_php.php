<?php
$data = preg_split('/\s+/', trim(stream_get_contents(STDIN)));
$t = intval($data[0]);
$out = [];
for ($i = 0; $i < $t; $i++) {
    $out[] = intval($data[1 + 2 * $i]) + intval($data[2 + 2 * $i]);
}
echo implode("\n", $out), "\n";
