#include "daemon.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <thread>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "sandbox/box.h"

namespace judge::daemon {
namespace {

namespace fs = std::filesystem;

sigset_t DaemonSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

absl::StatusOr<std::string> ReadPem(const std::string& path, const char* key) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    return absl::NotFoundError(absl::StrCat(key, " ", path, ": cannot read"));
  }
  if (text.empty()) return absl::InvalidArgumentError(absl::StrCat(key, " ", path, ": empty or unreadable"));
  return text;
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(const DaemonConfig& config) {
  if (config.tls_cert.empty()) return grpc::InsecureServerCredentials();
  absl::StatusOr<std::string> cert = ReadPem(config.tls_cert, "tls_cert");
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadPem(config.tls_key, "tls_key");
  if (!key.ok()) return key.status();
  grpc::SslServerCredentialsOptions options;
  options.pem_key_cert_pairs.push_back({*key, *cert});
  return grpc::SslServerCredentials(options);
}

// "HOST:PORT" split for the metrics server ("[::1]:9464" too).
absl::StatusOr<std::pair<std::string, int>> SplitHostPort(const std::string& address) {
  const size_t colon = address.rfind(':');
  int port = -1;
  if (colon == std::string::npos || !absl::SimpleAtoi(address.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("metrics_listen \"", address, "\": expected HOST:PORT"));
  }
  std::string host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  return std::pair{host, port};
}

absl::Status WritePortFile(const std::string& file, int port) {
  const std::string temporary = file + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << port << "\n";
    if (!out.good()) return absl::InternalError(absl::StrCat("port_file ", temporary, ": cannot write"));
  }
  std::error_code ec;
  fs::rename(temporary, file, ec);
  if (ec) return absl::InternalError(absl::StrCat("port_file ", file, ": ", ec.message()));
  return absl::OkStatus();
}

}  // namespace

void BlockDaemonSignals() {
  const sigset_t set = DaemonSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

absl::StatusOr<std::unique_ptr<Daemon>> Daemon::Start(DaemonConfig config) {
  if (absl::Status s = ValidateConfig(config); !s.ok()) return s;
  std::unique_ptr<Daemon> d(new Daemon());
  d->config_ = std::move(config);
  const DaemonConfig& c = d->config_;

  if (!c.tokens_file.empty()) {
    absl::StatusOr<TokenSet> tokens = TokenSet::Load(c.tokens_file);
    if (!tokens.ok()) return tokens.status();
    d->tokens_ = *std::move(tokens);
  } else if (!c.listen.empty() && c.listen.rfind("127.", 0) != 0 && c.listen.rfind("localhost:", 0) != 0 &&
             c.listen.rfind("[::1]:", 0) != 0) {
    spdlog::warn("listening on {} without tokens_file: anyone who reaches it can run code", c.listen);
  }
  absl::StatusOr<std::unique_ptr<CompileCache>> cache =
      CompileCache::Open(c.cache_dir, static_cast<uint64_t>(c.cache_size_mib * 1024 * 1024));
  if (!cache.ok()) return cache.status();
  d->cache_ = *std::move(cache);

  ProblemStoreOptions store;
  store.uploads_dir = c.uploads_dir;
  if (!c.problems_dir.empty()) store.named_dir = fs::absolute(c.problems_dir);
  store.archive_limits.max_total_bytes = static_cast<uint64_t>(c.max_upload_mib * 4 * 1024 * 1024);
  absl::StatusOr<std::unique_ptr<ProblemStore>> problems = ProblemStore::Open(store);
  if (!problems.ok()) return problems.status();
  d->problems_ = *std::move(problems);

  const fs::path languages_dir =
      c.languages_dir.empty() ? DefaultLanguagesDir() : fs::path(c.languages_dir);
  absl::StatusOr<std::shared_ptr<const LanguageCatalog>> catalog = LanguageCatalog::Load(languages_dir);
  if (!catalog.ok()) return catalog.status();
  d->languages_ = std::make_unique<CurrentCatalog>(*catalog);
  d->metrics_ = std::make_unique<JudgeMetrics>(JUDGE_VERSION);

  // A daemon killed before (kill -9, OOM, power) left its boxes' mounts and cgroups: remove
  // every box nobody holds, not only the ids this start happens to take again.
  if (absl::Status s = sandbox::CleanupStaleBoxes(sandbox::BoxOptions{}.state_dir); !s.ok()) {
    spdlog::warn("removing boxes a crashed judge left: {}", std::string(s.message()));
  }
  WorkerPoolOptions pool;
  pool.workers = c.workers;
  pool.pin = c.pin_workers;
  pool.queue_capacity = static_cast<size_t>(c.queue_size);
  pool.cache = d->cache_.get();
  // Workspaces keep this registry's address; jobs point their copy at the catalog they hold.
  pool.languages = &(*catalog)->registry();
  absl::StatusOr<std::unique_ptr<WorkerPool>> workers = WorkerPool::Create(pool);
  if (!workers.ok()) return workers.status();
  d->pool_ = *std::move(workers);
  d->metrics_->SetWorkers(d->pool_->workers(), 0);

  ServiceContext context;
  context.config = &d->config_;
  context.pool = d->pool_.get();
  context.problems = d->problems_.get();
  context.languages = d->languages_.get();
  context.metrics = d->metrics_.get();
  context.tokens = d->tokens_ ? &*d->tokens_ : nullptr;
  context.in_flight = &d->in_flight_;
  context.draining = &d->draining_;
  d->service_ = std::make_unique<JudgeServiceImpl>(context);

  if (!c.listen.empty()) {
    absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials = Credentials(c);
    if (!credentials.ok()) return credentials.status();
    grpc::EnableDefaultHealthCheckService(true);
    grpc::reflection::InitProtoReflectionServerBuilderPlugin();
    grpc::ServerBuilder builder;
    builder.AddListeningPort(c.listen, *credentials, &d->port_);
    builder.RegisterService(d->service_.get());
    // Requests up to the largest a client may legitimately send, so that an oversized source
    // gets the daemon's own INVALID_ARGUMENT naming the limit rather than a transport error.
    const double largest_mib = std::max({c.max_source_kib / 1024, c.max_stdin_mib, 1.0}) + 4;
    builder.SetMaxReceiveMessageSize(static_cast<int>(std::min(largest_mib, 1024.0) * 1024 * 1024));
    d->server_ = builder.BuildAndStart();
    if (d->server_ == nullptr || d->port_ == 0) {
      return absl::UnavailableError(absl::StrCat("listen ", c.listen, ": cannot bind the gRPC port"));
    }
  }
  if (!c.broker_url.empty()) {
    absl::StatusOr<amqp::BrokerAddress> broker = amqp::BrokerAddress::Parse(c.broker_url);
    if (!broker.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("broker_url: ", broker.status().message()));
    }
    queue::QueueWorkerOptions options;
    options.broker = *broker;
    options.topology = {c.queue_submissions, c.queue_results, c.queue_dead_letters};
    options.max_attempts = c.queue_max_attempts;
    d->queue_front_ = std::make_unique<QueueFront>(context);
    // Connects in the background: a broker that is not up yet is retried with backoff.
    d->queue_worker_ = std::make_unique<queue::QueueWorker>(options, d->queue_front_.get());
    d->queue_worker_->Start();
  }

  if (!c.metrics_listen.empty()) {
    absl::StatusOr<std::pair<std::string, int>> address = SplitHostPort(c.metrics_listen);
    if (!address.ok()) return address.status();
    Daemon* self = d.get();
    absl::StatusOr<std::unique_ptr<MetricsServer>> metrics = MetricsServer::Start(
        address->first, address->second,
        [self] {
          self->metrics_->SetQueueLength(self->pool_->queued());
          self->metrics_->SetWorkers(self->pool_->workers(), self->pool_->busy());
          return self->metrics_->Render();
        },
        [self] { return !self->draining_.load(); });
    if (!metrics.ok()) return metrics.status();
    d->metrics_server_ = *std::move(metrics);
  }
  if (!c.port_file.empty()) {
    if (absl::Status s = WritePortFile(c.port_file, d->port_); !s.ok()) return s;
  }
  spdlog::info("judged {} listening on {} (port {}), {} workers, queue {}, {} languages{}{}{}",
               JUDGE_VERSION, c.listen.empty() ? "nothing" : c.listen, d->port_,
               d->pool_->workers(), c.queue_size, (*catalog)->offered().size(),
               d->tokens_ ? ", tokens required" : "", c.tls_cert.empty() ? "" : ", TLS",
               c.broker_url.empty() ? "" : ", taking submissions from the broker");
  if (d->metrics_server_) {
    spdlog::info("metrics on http://{}/metrics (port {})", c.metrics_listen, d->metrics_server_->port());
  }
  return d;
}

Daemon::~Daemon() {
  metrics_server_.reset();  // its handlers read the pool and the metrics
  if (server_) server_->Shutdown(std::chrono::system_clock::now());
  queue_worker_.reset();  // what it holds unanswered goes back to the broker's queue
  in_flight_.CancelAll();
  pool_.reset();  // joins the workers: every job has closed its call
  server_.reset();
}

int Daemon::Run() {
  const sigset_t set = DaemonSignals();
  while (true) {
    int signal = 0;
    if (sigwait(&set, &signal) != 0) continue;
    if (signal == SIGHUP) {
      Reload();
      continue;
    }
    spdlog::info("signal {}: draining", strsignal(signal));
    Drain();
    return 0;
  }
}

void Daemon::Reload() {
  const fs::path dir =
      config_.languages_dir.empty() ? DefaultLanguagesDir() : fs::path(config_.languages_dir);
  absl::StatusOr<std::shared_ptr<const LanguageCatalog>> catalog = LanguageCatalog::Load(dir);
  if (!catalog.ok()) {
    spdlog::error("reload: keeping the current languages: {}", std::string(catalog.status().message()));
  } else {
    languages_->Set(*catalog);
    spdlog::info("reload: {} languages offered", (*catalog)->offered().size());
  }
  problems_->Reload();
  spdlog::info("reload: named problems will be read again");
}

void Daemon::Drain() {
  draining_ = true;
  if (queue_worker_) queue_worker_->StopTaking();
  if (grpc::HealthCheckServiceInterface* health = server_ ? server_->GetHealthCheckService() : nullptr) {
    health->SetServingStatus(false);
  }
  pool_->Close();
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(static_cast<int64_t>(config_.drain_timeout_s * 1000));
  if (!pool_->WaitIdle(deadline)) {
    spdlog::warn("drain: {} calls still in flight after {} s: handing them back",
                 in_flight_.size(), config_.drain_timeout_s);
    in_flight_.CancelAll();
    // Cancelled runs end within the sandbox's polling step; queued jobs return at once.
    pool_->WaitIdle(std::chrono::steady_clock::now() + std::chrono::seconds(30));
  }
  // Every job has closed its call; give the last writes a moment to reach their clients, and the
  // broker a moment to confirm the last results (what it does not confirm is judged again).
  if (queue_worker_) queue_worker_->Stop(std::chrono::steady_clock::now() + std::chrono::seconds(5));
  if (server_) server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  spdlog::info("drained: exiting");
}

}  // namespace judge::daemon
