#include "judge/sha256.h"

#include <openssl/evp.h>

#include <cstdint>
#include <stdexcept>

namespace judge {

struct Sha256::Context {
  EVP_MD_CTX* ctx = nullptr;
};

Sha256::Sha256() : context_(std::make_unique<Context>()) {
  context_->ctx = EVP_MD_CTX_new();
  if (context_->ctx == nullptr || EVP_DigestInit_ex(context_->ctx, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL: cannot initialise SHA-256");
  }
}

Sha256::~Sha256() { EVP_MD_CTX_free(context_->ctx); }

Sha256& Sha256::Add(std::string_view data) {
  EVP_DigestUpdate(context_->ctx, data.data(), data.size());
  return *this;
}

Sha256& Sha256::AddField(std::string_view data) {
  const uint64_t size = data.size();
  EVP_DigestUpdate(context_->ctx, &size, sizeof(size));
  return Add(data);
}

std::string Sha256::HexDigest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context_->ctx, digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

}  // namespace judge
