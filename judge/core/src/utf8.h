#pragma once
// UTF-8 validation for messages: what a checker or a program wrote ends up in JSON and protobuf
// strings, which must be valid UTF-8.

#include <cstddef>

namespace judge {

// Length of the valid UTF-8 sequence at p (0 when the bytes there are not one); p < end.
size_t Utf8SequenceLength(const unsigned char* p, const unsigned char* end);

}  // namespace judge
