import java.io.BufferedReader
import java.io.InputStreamReader
import java.util.StringTokenizer

fun main() {
    val reader = BufferedReader(InputStreamReader(System.`in`))
    val t = reader.readLine().trim().toInt()
    val out = StringBuilder()
    repeat(t) {
        val st = StringTokenizer(reader.readLine())
        val a = st.nextToken().toLong()
        val b = st.nextToken().toLong()
        out.append(a + b).append('\n')
    }
    print(out)
}
