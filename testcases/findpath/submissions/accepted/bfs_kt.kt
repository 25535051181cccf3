import java.io.StreamTokenizer
import java.util.ArrayDeque

// Breadth-first search from vertex n back to 1, so the path comes out in order.
fun main() {
    val st = StreamTokenizer(System.`in`.bufferedReader())
    fun next(): Int { st.nextToken(); return st.nval.toInt() }
    val n = next()
    val m = next()
    val adj = Array(n + 1) { ArrayList<Int>() }
    repeat(m) {
        val u = next()
        val v = next()
        adj[u].add(v)
        adj[v].add(u)
    }
    val towardN = IntArray(n + 1)
    towardN[n] = n
    val queue = ArrayDeque<Int>()
    queue.addLast(n)
    while (queue.isNotEmpty()) {
        val v = queue.removeFirst()
        for (w in adj[v]) {
            if (towardN[w] == 0) {
                towardN[w] = v
                queue.addLast(w)
            }
        }
    }
    if (towardN[1] == 0) {
        println(-1)
        return
    }
    val path = ArrayList<Int>()
    var v = 1
    path.add(v)
    while (v != n) {
        v = towardN[v]
        path.add(v)
    }
    println(path.size)
    println(path.joinToString(" "))
}
