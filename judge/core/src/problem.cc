// Loading a problem package (see judge/problem.h for the layout).
//
// A package may come from someone we do not trust with the host: it is read without ever
// blocking (no FIFO is opened for reading, files are opened O_NONBLOCK and checked to be regular
// before use), with bounded work (YAML files of at most 1 MiB, groups nested at most 32 deep, at
// most 200000 directory entries in all, so a DAG of directory symlinks cannot explode), and no
// symlink is followed unless it resolves inside the package. File names may hold any byte but
// '/' and NUL; messages show them with control characters escaped.

#include "judge/problem.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <system_error>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "problem_yaml.h"
#include "status_macros.h"

namespace judge {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxGroupDepth = 32;  // data/ is depth 0
constexpr std::size_t kMaxDirectoryEntries = 200'000;
// How often one folder may be loaded as a group (through symlinked folders: sample linked into
// secret is two). Without a bound, folders that link twice to the next folder make 2^depth
// groups of a few real ones.
constexpr int kMaxGroupsPerFolder = 4;
constexpr std::size_t kMaxTimelimitFileBytes = 4096;

// Text as messages show it: control characters and backslashes escaped, so that a file name
// with a newline cannot forge a line of output.
std::string Escaped(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20 || c == 0x7f) {
      out += absl::StrCat("\\x", absl::Hex(c, absl::kZeroPad2));
    } else {
      out += ch;
    }
  }
  return out;
}

std::string Shown(const fs::path& relative) { return Escaped(relative.generic_string()); }

class ScopedFd {
 public:
  explicit ScopedFd(int fd) : fd_(fd) {}
  ScopedFd(const ScopedFd&) = delete;
  ScopedFd& operator=(const ScopedFd&) = delete;
  ~ScopedFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// One entry of a package directory, hidden ones ('.' first) left out.
struct Entry {
  std::string name;
  fs::path relative;   // to the package directory
  fs::file_type type;  // of the entry, or of a symlink's target (which is inside the package)
};

bool IsRegular(const Entry& entry) { return entry.type == fs::file_type::regular; }
bool IsDirectory(const Entry& entry) { return entry.type == fs::file_type::directory; }

absl::string_view TypeName(fs::file_type type) {
  switch (type) {
    case fs::file_type::regular:
      return "a regular file";
    case fs::file_type::directory:
      return "a directory";
    case fs::file_type::fifo:
      return "a FIFO";
    case fs::file_type::socket:
      return "a socket";
    case fs::file_type::block:
    case fs::file_type::character:
      return "a device";
    default:
      return "a special file";
  }
}

// Reads one package: paths relative to its directory, errors naming the problem and the file.
class PackageLoader {
 public:
  PackageLoader(fs::path dir, std::string short_name)
      : dir_(std::move(dir)), short_name_(std::move(short_name)) {}

  absl::StatusOr<Problem> Load() {
    Problem problem;
    problem.dir = dir_;
    problem.short_name = short_name_;
    RETURN_IF_ERROR(LoadProblemYaml(problem));
    RETURN_IF_ERROR(LoadTimelimitFile(problem));
    RETURN_IF_ERROR(LoadTestData(problem));
    RETURN_IF_ERROR(LoadOutputValidator(problem));
    RETURN_IF_ERROR(LoadSubmissions(problem));
    return problem;
  }

 private:
  absl::Status Invalid(const fs::path& relative, absl::string_view what) const {
    return absl::InvalidArgumentError(
        absl::StrCat("problem ", Escaped(short_name_), ": ", Shown(relative), ": ", what));
  }
  absl::Status NotFound(const fs::path& relative, absl::string_view what) const {
    return absl::NotFoundError(
        absl::StrCat("problem ", Escaped(short_name_), ": ", Shown(relative), ": ", what));
  }
  // An error of a YAML parser, which already starts with "<file>:<line>:".
  absl::Status Prefixed(const absl::Status& status) const {
    return absl::Status(status.code(),
                        absl::StrCat("problem ", Escaped(short_name_), ": ", status.message()));
  }

  fs::path Absolute(const fs::path& relative) const { return dir_ / relative; }

  bool Inside(const fs::path& canonical) const {
    const auto [in_dir, in_target] =
        std::mismatch(dir_.begin(), dir_.end(), canonical.begin(), canonical.end());
    return in_dir == dir_.end();
  }

  // The type of `relative`, following a symlink only when it resolves inside the package;
  // file_type::not_found when there is no such entry. Every path given here is reached through
  // entries already checked the same way, so only its last component can be a symlink.
  absl::StatusOr<fs::file_type> TypeOf(const fs::path& relative) const {
    std::error_code error;
    const fs::file_status link = fs::symlink_status(Absolute(relative), error);
    if (error) {
      if (error == std::errc::no_such_file_or_directory) return fs::file_type::not_found;
      return Invalid(relative, absl::StrCat("cannot stat: ", error.message()));
    }
    if (link.type() != fs::file_type::symlink) return link.type();
    const fs::path target = fs::canonical(Absolute(relative), error);
    if (error) {
      return Invalid(relative, absl::StrCat("symlink that does not resolve (dangling or a loop): ",
                                            error.message()));
    }
    if (!Inside(target)) {
      return Invalid(relative,
                     absl::StrCat("symlink to ", Shown(target), ", outside the package directory"));
    }
    const fs::file_status status = fs::status(target, error);
    if (error) return Invalid(relative, absl::StrCat("cannot stat: ", error.message()));
    return status.type();
  }

  // The entries of a directory, sorted by name, hidden ones left out.
  absl::StatusOr<std::vector<Entry>> List(const fs::path& relative) {
    std::vector<Entry> entries;
    std::error_code error;
    fs::directory_iterator it(Absolute(relative), error);
    for (; !error && it != fs::directory_iterator(); it.increment(error)) {
      std::string name = it->path().filename().string();
      if (name.empty() || name.front() == '.') continue;
      if (++entries_seen_ > kMaxDirectoryEntries) {
        return Invalid(relative, absl::StrCat("the package has more than ", kMaxDirectoryEntries,
                                              " files and folders"));
      }
      Entry entry{std::move(name), relative / it->path().filename(), fs::file_type::none};
      ASSIGN_OR_RETURN(entry.type, TypeOf(entry.relative));
      entries.push_back(std::move(entry));
    }
    if (error) return Invalid(relative, absl::StrCat("cannot list: ", error.message()));
    std::sort(entries.begin(), entries.end(),
              [](const Entry& a, const Entry& b) { return a.name < b.name; });
    return entries;
  }

  // A regular file of at most `max_bytes`. Opened non-blocking and checked with fstat, so a FIFO
  // put in place of the file cannot hang the load.
  absl::StatusOr<std::string> ReadSmallFile(const fs::path& relative, std::size_t max_bytes) const {
    ASSIGN_OR_RETURN(const fs::file_type type, TypeOf(relative));
    if (type == fs::file_type::not_found) return NotFound(relative, "not found");
    if (type != fs::file_type::regular) {
      return Invalid(relative, absl::StrCat("is ", TypeName(type), ", not a regular file"));
    }
    const ScopedFd fd(
        ::open(Absolute(relative).c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
    if (fd.get() < 0) return Invalid(relative, absl::StrCat("cannot open: ", std::strerror(errno)));
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
      return Invalid(relative, "not a regular file");
    }
    if (static_cast<std::size_t>(st.st_size) > max_bytes) {
      return Invalid(relative, absl::StrCat("larger than ", max_bytes, " bytes"));
    }
    std::string text;
    char buffer[65536];
    while (true) {
      const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Invalid(relative, absl::StrCat("cannot read: ", std::strerror(errno)));
      if (n == 0) break;
      text.append(buffer, static_cast<std::size_t>(n));
      if (text.size() > max_bytes) {
        return Invalid(relative, absl::StrCat("larger than ", max_bytes, " bytes"));
      }
    }
    return text;
  }

  absl::Status LoadProblemYaml(Problem& problem) const {
    const fs::path file = "problem.yaml";
    ASSIGN_OR_RETURN(const fs::file_type type, TypeOf(file));
    if (type == fs::file_type::not_found) {
      return NotFound(file, "not found (every package needs one; an empty file is enough)");
    }
    ASSIGN_OR_RETURN(const std::string text, ReadSmallFile(file, kMaxPackageYamlBytes));
    absl::StatusOr<ProblemYaml> yaml = ParseProblemYaml(text, Shown(file));
    if (!yaml.ok()) return Prefixed(yaml.status());
    problem.name = yaml->name.has_value() && !yaml->name->empty() ? *yaml->name : short_name_;
    problem.scoring = yaml->scoring;
    problem.interactive = yaml->interactive;
    problem.validator_score = yaml->validator_score;
    problem.checker = yaml->checker;
    problem.validator_flags = yaml->validator_flags;
    problem.limits = yaml->limits;
    return absl::OkStatus();
  }

  // Legacy tools keep the time limit in .timelimit; problem.yaml's limits.time_limit wins.
  absl::Status LoadTimelimitFile(Problem& problem) const {
    const fs::path file = ".timelimit";
    ASSIGN_OR_RETURN(const fs::file_type type, TypeOf(file));
    if (type == fs::file_type::not_found || problem.limits.time_limit_s.has_value()) {
      return absl::OkStatus();
    }
    ASSIGN_OR_RETURN(const std::string text, ReadSmallFile(file, kMaxTimelimitFileBytes));
    absl::StatusOr<double> seconds = ParseTimelimitFile(text, Shown(file));
    if (!seconds.ok()) return Prefixed(seconds.status());
    problem.limits.time_limit_s = *seconds;
    return absl::OkStatus();
  }

  absl::Status LoadTestData(Problem& problem) {
    const fs::path data = "data";
    ASSIGN_OR_RETURN(const fs::file_type type, TypeOf(data));
    if (type == fs::file_type::not_found) {
      return NotFound(data, "not found (test cases go in data/sample and data/secret)");
    }
    if (type != fs::file_type::directory) {
      return Invalid(data, absl::StrCat("is ", TypeName(type), ", not a directory"));
    }
    std::vector<fs::path> ancestors;
    ASSIGN_OR_RETURN(problem.data,
                     LoadGroup(data, "", TestGroupSettings{}, problem.scoring, 0, ancestors));
    if (AllTestCases(problem.data).empty()) {
      return Invalid(data,
                     "no test cases (pairs of .in and .ans files in data/sample or "
                     "data/secret)");
    }
    return absl::OkStatus();
  }

  // The group in folder `relative` (data/ itself at depth 0), named `name` below data/.
  absl::StatusOr<TestGroup> LoadGroup(const fs::path& relative, const std::string& name,
                                      const TestGroupSettings& inherited, bool scoring, int depth,
                                      std::vector<fs::path>& ancestors) {
    if (depth > kMaxGroupDepth) {
      return Invalid(relative,
                     absl::StrCat("test groups nested deeper than ", kMaxGroupDepth, " levels"));
    }
    // A symlinked folder may lead back to one of its own ancestors.
    std::error_code error;
    fs::path canonical = fs::canonical(Absolute(relative), error);
    if (error) return Invalid(relative, absl::StrCat("cannot resolve: ", error.message()));
    if (std::find(ancestors.begin(), ancestors.end(), canonical) != ancestors.end()) {
      return Invalid(relative, "symlink cycle: this folder contains itself");
    }
    if (++groups_per_folder_[canonical] > kMaxGroupsPerFolder) {
      return Invalid(relative, absl::StrCat("the same folder is a test group more than ",
                                            kMaxGroupsPerFolder, " times (through symlinks)"));
    }
    ancestors.push_back(std::move(canonical));

    TestGroup group;
    group.name = name;
    group.dir = Absolute(relative);
    const bool root = depth == 0;
    ASSIGN_OR_RETURN(const std::vector<Entry> entries, List(relative));

    group.settings = inherited;
    for (const Entry& entry : entries) {
      if (entry.name != "testdata.yaml") continue;
      ASSIGN_OR_RETURN(const std::string text, ReadSmallFile(entry.relative, kMaxPackageYamlBytes));
      absl::StatusOr<TestGroupSettings> settings =
          ParseTestdataYaml(text, Shown(entry.relative), inherited, root, scoring);
      if (!settings.ok()) return Prefixed(settings.status());
      group.settings = *std::move(settings);
    }

    // Children by base name: a case's is its name without .in, a group's its folder name.
    struct Child {
      std::string key;
      TestNode node;
    };
    std::vector<Child> children;
    std::map<std::string, const Entry*> inputs;
    std::map<std::string, const Entry*> answers;
    for (const Entry& entry : entries) {
      if (IsDirectory(entry)) {
        if (root && entry.name != "sample" && entry.name != "secret") {
          // The newer format's folders of deliberately bad data are not tests for submissions.
          static const std::set<std::string> kNotTests = {
              "invalid_input",  "invalid_inputs",  "invalid_answer", "invalid_answers",
              "invalid_output", "invalid_outputs", "valid_output",   "valid_outputs"};
          if (kNotTests.contains(entry.name)) continue;
          return Invalid(entry.relative, "unknown test group (data/ holds only sample and secret)");
        }
        const std::string child_name = root ? entry.name : absl::StrCat(name, "/", entry.name);
        ASSIGN_OR_RETURN(TestGroup child, LoadGroup(entry.relative, child_name,
                                                    InheritTestGroupSettings(group.settings),
                                                    scoring, depth + 1, ancestors));
        children.push_back(Child{entry.name, std::move(child)});
        continue;
      }
      const bool input = absl::EndsWith(entry.name, ".in");
      const bool answer = absl::EndsWith(entry.name, ".ans");
      if (!input && !answer) continue;  // .hint, .desc, .png, .interaction, testdata.yaml, ...
      if (!IsRegular(entry)) {
        return Invalid(entry.relative,
                       absl::StrCat("is ", TypeName(entry.type), ", not a regular file"));
      }
      if (root) {
        return Invalid(entry.relative,
                       "test cases go in data/sample or data/secret, not directly in data/");
      }
      const std::string stem =
          entry.name.substr(0, entry.name.size() - (input ? std::size_t{3} : std::size_t{4}));
      (input ? inputs : answers)[stem] = &entry;
    }
    for (const auto& [stem, entry] : answers) {
      if (!inputs.contains(stem)) {
        return Invalid(entry->relative,
                       absl::StrCat("no matching input ", Shown(relative / (stem + ".in"))));
      }
    }
    for (const auto& [stem, entry] : inputs) {
      const auto answer = answers.find(stem);
      if (answer == answers.end()) {
        return Invalid(entry->relative,
                       absl::StrCat("no matching answer ", Shown(relative / (stem + ".ans"))));
      }
      TestCase test_case;
      test_case.name = name.empty() ? stem : absl::StrCat(name, "/", stem);
      test_case.input = Absolute(entry->relative);
      test_case.answer = Absolute(answer->second->relative);
      children.push_back(Child{stem, std::move(test_case)});
    }
    // Lexicographic by base name; on a tie (case "1" next to group "1") the case first.
    std::stable_sort(children.begin(), children.end(), [](const Child& a, const Child& b) {
      if (a.key != b.key) return a.key < b.key;
      return std::holds_alternative<TestCase>(a.node) && std::holds_alternative<TestGroup>(b.node);
    });
    group.children.reserve(children.size());
    for (Child& child : children) group.children.push_back(std::move(child.node));
    ancestors.pop_back();
    return group;
  }

  absl::Status LoadOutputValidator(Problem& problem) {
    if (problem.checker == CheckerKind::kDefault) return absl::OkStatus();
    const fs::path folder = "output_validators";
    ASSIGN_OR_RETURN(const fs::file_type type, TypeOf(folder));
    if (type == fs::file_type::not_found) {
      return NotFound(folder, "not found, but problem.yaml says validation: custom");
    }
    if (type != fs::file_type::directory) {
      return Invalid(folder, absl::StrCat("is ", TypeName(type), ", not a directory"));
    }
    ASSIGN_OR_RETURN(const std::vector<Entry> entries, List(folder));
    if (entries.empty()) {
      return Invalid(folder, "empty, but problem.yaml says validation: custom");
    }
    // A package may hold several validators; we run the first.
    const Entry& first = entries.front();
    PackageProgram program;
    if (IsRegular(first)) {
      program.name = fs::path(first.name).stem().string();
      program.sources.push_back(Absolute(first.relative));
      program.root = Absolute(folder);
    } else if (IsDirectory(first)) {
      program.name = first.name;
      program.root = Absolute(first.relative);
      ASSIGN_OR_RETURN(const std::vector<Entry> files, List(first.relative));
      for (const Entry& file : files) {
        if (IsDirectory(file)) continue;
        if (!IsRegular(file)) {
          return Invalid(file.relative,
                         absl::StrCat("is ", TypeName(file.type), ", not a regular file"));
        }
        program.sources.push_back(Absolute(file.relative));
      }
      if (program.sources.empty()) return Invalid(first.relative, "no source files");
    } else {
      return Invalid(first.relative, absl::StrCat("is ", TypeName(first.type),
                                                  ", not a source file or a folder of them"));
    }
    problem.output_validator = std::move(program);
    return absl::OkStatus();
  }

  absl::Status LoadSubmissions(Problem& problem) {
    const fs::path folder = "submissions";
    ASSIGN_OR_RETURN(const fs::file_type type, TypeOf(folder));
    if (type == fs::file_type::not_found) return absl::OkStatus();
    if (type != fs::file_type::directory) {
      return Invalid(folder, absl::StrCat("is ", TypeName(type), ", not a directory"));
    }
    ASSIGN_OR_RETURN(const std::vector<Entry> verdict_folders, List(folder));
    for (const Entry& verdict_folder : verdict_folders) {
      if (!IsDirectory(verdict_folder)) continue;  // a README and the like
      // partially_accepted: accepted with less than the full score (scoring problems).
      const std::optional<Verdict> verdict = verdict_folder.name == "partially_accepted"
                                                 ? std::optional(Verdict::kAccepted)
                                                 : ParseVerdict(verdict_folder.name);
      if (!verdict.has_value()) {
        return Invalid(verdict_folder.relative,
                       "unknown expected verdict (folders are accepted, partially_accepted, "
                       "wrong_answer, time_limit_exceeded, run_time_error, "
                       "memory_limit_exceeded, output_limit_exceeded, compile_error, "
                       "presentation_error)");
      }
      ASSIGN_OR_RETURN(const std::vector<Entry> entries, List(verdict_folder.relative));
      for (const Entry& entry : entries) {
        if (!IsRegular(entry) && !IsDirectory(entry)) {
          return Invalid(entry.relative, absl::StrCat("is ", TypeName(entry.type),
                                                      ", not a source file or a folder"));
        }
        problem.submissions.push_back(
            PackageSubmission{Absolute(entry.relative), verdict_folder.name, *verdict});
      }
    }
    return absl::OkStatus();
  }

  const fs::path dir_;  // canonical
  const std::string short_name_;
  std::size_t entries_seen_ = 0;
  std::map<fs::path, int> groups_per_folder_;  // by canonical path
};

void CollectTestCases(const TestGroup& group, std::vector<const TestCase*>& out) {
  for (const TestNode& node : group.children) {
    if (const auto* test_case = std::get_if<TestCase>(&node)) {
      out.push_back(test_case);
    } else {
      CollectTestCases(std::get<TestGroup>(node), out);
    }
  }
}

}  // namespace

absl::StatusOr<Problem> LoadProblem(const fs::path& dir) {
  std::string short_name = dir.lexically_normal().filename().string();
  if (short_name.empty()) short_name = dir.lexically_normal().parent_path().filename().string();
  std::error_code error;
  fs::path canonical = fs::canonical(dir, error);
  if (error) {
    return absl::NotFoundError(
        absl::StrCat("problem ", Escaped(short_name), ": ", Shown(dir), ": ", error.message()));
  }
  if (!fs::is_directory(canonical, error)) {
    return absl::NotFoundError(
        absl::StrCat("problem ", Escaped(short_name), ": ", Shown(dir), ": not a directory"));
  }
  short_name = canonical.filename().string();
  return PackageLoader(std::move(canonical), std::move(short_name)).Load();
}

std::vector<const TestCase*> AllTestCases(const TestGroup& root) {
  std::vector<const TestCase*> cases;
  CollectTestCases(root, cases);
  return cases;
}

}  // namespace judge
