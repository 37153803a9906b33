#include "glassbox/export/protobuf.hpp"

#include <bit>
#include <cstring>

namespace glassbox {

static_assert(std::endian::native == std::endian::little,
              "ONNX stores little-endian floats; this build assumes a little-endian host");

void ProtoWriter::varint(std::uint64_t value) {
  while (value >= 0x80) {
    bytes_ += static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  bytes_ += static_cast<char>(value);
}

void ProtoWriter::key(std::uint32_t field, unsigned wire_type) {
  varint(std::uint64_t{field} << 3 | wire_type);
}

void ProtoWriter::integer(std::uint32_t field, std::int64_t value) {
  key(field, 0);
  varint(static_cast<std::uint64_t>(value));
}

void ProtoWriter::real(std::uint32_t field, float value) {
  key(field, 5);
  char raw[4];
  std::memcpy(raw, &value, 4);
  bytes_.append(raw, 4);
}

void ProtoWriter::text(std::uint32_t field, std::string_view value) {
  key(field, 2);
  varint(value.size());
  bytes_.append(value);
}

void ProtoWriter::message(std::uint32_t field, const ProtoWriter& value) {
  text(field, value.bytes());
}

namespace {

template <typename T>
void raw_bytes(std::string& out, std::span<const T> values) {
  const std::size_t at = out.size();
  out.resize(at + values.size() * sizeof(T));
  if (!values.empty()) std::memcpy(out.data() + at, values.data(), values.size() * sizeof(T));
}

}  // namespace

void ProtoWriter::floats_as_bytes(std::uint32_t field, std::span<const float> values) {
  key(field, 2);
  varint(values.size() * sizeof(float));
  raw_bytes(bytes_, values);
}

void ProtoWriter::integers_as_bytes(std::uint32_t field, std::span<const std::int64_t> values) {
  key(field, 2);
  varint(values.size() * sizeof(std::int64_t));
  raw_bytes(bytes_, values);
}

}  // namespace glassbox
