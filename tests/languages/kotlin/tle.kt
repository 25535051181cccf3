@Volatile var n = 0L

fun main() {
    while (true) n++
}
