import java.io.StreamTokenizer

// Kadane's algorithm. StreamTokenizer reads numbers as doubles: exact up to 2^53, enough here.
fun main() {
    val st = StreamTokenizer(System.`in`.bufferedReader())
    st.nextToken()
    val n = st.nval.toInt()
    var best = Long.MIN_VALUE
    var current = 0L
    for (i in 0 until n) {
        st.nextToken()
        val a = st.nval.toLong()
        current = if (i == 0) a else maxOf(a, current + a)
        best = maxOf(best, current)
    }
    println(best)
}
