// Language files: the loader's validation, extension detection and placeholder expansion, and
// that every shipped language file loads.

#include "judge/language.h"
#include "judge/program.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace judge {
namespace {

namespace fs = std::filesystem;

class LanguageDir : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/judge-lang-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }
  fs::path dir_;
};

TEST_F(LanguageDir, LoadsKeysAndDefaults) {
  Write("c.yaml",
        "id: c\nname: C\nextensions: [c, .H]\nsource: main.c\ncompile: [gcc, -o, main, "
        "\"{sources}\"]\nrun: [./main]\nthreads: true\nprocesses: 8\nmemory_overhead_mib: 16\n"
        "env: [A=1]\nmounts: [/etc/x]\nsyscalls: [sched_yield]\n");
  auto registry = LanguageRegistry::LoadDirectory(dir_);
  ASSERT_TRUE(registry.ok()) << registry.status();
  const Language* c = registry->Find("c");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->extensions, (std::vector<std::string>{"c", "h"}));
  EXPECT_EQ(c->source_name, "main.c");
  EXPECT_TRUE(c->threads);
  EXPECT_EQ(c->processes, 8u);
  EXPECT_EQ(c->compile_processes, 64u);
  EXPECT_DOUBLE_EQ(c->memory_overhead_mib, 16);
  EXPECT_EQ(registry->DetectByExtension("x/sol.C"), c);
  EXPECT_EQ(registry->DetectByExtension("sol.py"), nullptr);
  EXPECT_EQ(registry->DetectByExtension("Makefile"), nullptr);
}

TEST_F(LanguageDir, ErrorsNameTheFileAndLine) {
  Write("bad.yaml", "id: bad\nname: Bad\nrun: [./x]\nprocesses: lots\n");
  auto registry = LanguageRegistry::LoadDirectory(dir_);
  ASSERT_FALSE(registry.ok());
  EXPECT_NE(registry.status().message().find("bad.yaml:4"), std::string::npos)
      << registry.status();
}

TEST_F(LanguageDir, RefusesUnknownKeysMissingKeysBadIdsAndDuplicates) {
  for (const char* text : {"id: a\nname: A\nrun: [x]\ncompiler: [gcc]\n",  // typo
                           "id: a\nname: A\n",                                // no run
                           "id: A/B\nname: A\nrun: [x]\n",                    // bad id
                           "id: a\nname: A\nrun: [x]\nsource: ../evil\n",     // path in source
                           "id: a\nname: A\nrun: [x]\nmounts: [relative]\n",
                           "id: a\nname: A\nrun: [x]\nenv: [NOEQUALS]\n",
                           "- just\n- a list\n"}) {
    Write("a.yaml", text);
    EXPECT_FALSE(LanguageRegistry::LoadDirectory(dir_).ok()) << text;
  }
  Write("a.yaml", "id: same\nname: A\nrun: [x]\n");
  Write("b.yaml", "id: same\nname: B\nrun: [y]\n");
  auto registry = LanguageRegistry::LoadDirectory(dir_);
  ASSERT_FALSE(registry.ok());
  EXPECT_NE(registry.status().message().find("duplicate id 'same'"), std::string::npos);
}

TEST_F(LanguageDir, SharedExtensionNeedsAPreferredLanguage) {
  Write("a.yaml", "id: cpp17\nname: A\nrun: [x]\nextensions: [cpp]\n");
  Write("b.yaml", "id: cpp20\nname: B\nrun: [x]\nextensions: [cpp]\n");
  auto ambiguous = LanguageRegistry::LoadDirectory(dir_);
  ASSERT_TRUE(ambiguous.ok());
  EXPECT_EQ(ambiguous->DetectByExtension("a.cpp"), nullptr);
  Write("a.yaml", "id: cpp17\nname: A\nrun: [x]\nextensions: [cpp]\npreferred: true\n");
  auto registry = LanguageRegistry::LoadDirectory(dir_);
  ASSERT_TRUE(registry.ok());
  ASSERT_NE(registry->DetectByExtension("a.cpp"), nullptr);
  EXPECT_EQ(registry->DetectByExtension("a.cpp")->id, "cpp17");
}

TEST(ExpandCommandTest, FillsEveryPlaceholder) {
  const CommandContext context{{"Main.java", "Util.java"}, 256};
  EXPECT_EQ(ExpandCommand({"javac", "{sources}", "-d", "."}, context),
            (std::vector<std::string>{"javac", "Main.java", "Util.java", "-d", "."}));
  EXPECT_EQ(ExpandCommand({"java", "-Xmx{memory_mib}m", "{main}", "{source}"}, context),
            (std::vector<std::string>{"java", "-Xmx256m", "Main", "Main.java"}));
}

TEST(ShippedLanguagesTest, EveryFileLoadsAndTheCommonExtensionsResolve) {
  auto registry = LanguageRegistry::LoadDirectory(fs::path(SOURCE_DIR) / "languages");
  ASSERT_TRUE(registry.ok()) << registry.status();
  EXPECT_GE(registry->all().size(), 20u);
  for (const char* file : {"a.c", "a.cpp", "a.py", "Main.java", "a.go", "a.rs", "a.js", "a.pas",
                           "a.kt", "a.rb", "a.php", "a.cs"}) {
    EXPECT_NE(registry->DetectByExtension(file), nullptr) << file;
  }
  EXPECT_EQ(registry->DetectByExtension("a.py")->id, "python3");
  EXPECT_EQ(registry->DetectByExtension("a.cpp")->id, "cpp17");
}

}  // namespace
}  // namespace judge

namespace judge {
namespace {

TEST(NameSourcesTest, JavaFileIsNamedAfterItsPublicClass) {
  auto registry = LanguageRegistry::LoadDirectory(std::filesystem::path(SOURCE_DIR) / "languages");
  ASSERT_TRUE(registry.ok()) << registry.status();
  const Language* java = registry->Find("java");
  ASSERT_NE(java, nullptr);
  auto named = NameSourcesFor(*java, {{"solution.java", "import x;\npublic final class Main {}"}});
  EXPECT_EQ(named[0].name, "Main.java");
  named = NameSourcesFor(*java, {{"a.java", "class Helper {}\nclass Other {}"}});
  EXPECT_EQ(named[0].name, "Helper.java");
  named = NameSourcesFor(*java, {{"a.java", "// no class at all"}});
  EXPECT_EQ(named[0].name, "a.java");
  // Several files keep their names: they name their classes themselves.
  named = NameSourcesFor(*java, {{"A.java", "public class B {}"}, {"C.java", ""}});
  EXPECT_EQ(named[0].name, "A.java");
  const Language* c = registry->Find("c");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(NameSourcesFor(*c, {{"x.c", ""}})[0].name, c->source_name);
}

}  // namespace
}  // namespace judge
