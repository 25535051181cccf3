#pragma once
// SHA-256 (OpenSSL's libcrypto), for content addresses: compile cache keys, problem hashes.

#include <memory>
#include <string>
#include <string_view>

namespace judge {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  // Adds `data`, prefixed with its length, so that ("ab","c") and ("a","bc") differ.
  Sha256& AddField(std::string_view data);
  Sha256& Add(std::string_view data);
  // Lower-case hex of the digest; the object cannot be used afterwards.
  std::string HexDigest();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

}  // namespace judge
