#pragma once
// A minimal protobuf writer, enough for ONNX files. Wire format: a message is
// a sequence of fields, each a key varint (field number << 3 | wire type)
// followed by its value:
//   wire type 0  varint: 7 bits per byte, least significant group first, the
//                high bit set on every byte but the last (a negative int64 is
//                its 64-bit two's complement: 10 bytes);
//   wire type 2  length-delimited: a varint byte count, then the bytes
//                (strings, bytes, nested messages);
//   wire type 5  fixed32: 4 bytes little-endian (float).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace glassbox {

class ProtoWriter {
public:
  // int32, int64, enum and bool fields.
  void integer(std::uint32_t field, std::int64_t value);
  void real(std::uint32_t field, float value);
  void text(std::uint32_t field, std::string_view value);  // string and bytes
  void message(std::uint32_t field, const ProtoWriter& value);
  // bytes field holding little-endian float32s (ONNX TensorProto.raw_data).
  void floats_as_bytes(std::uint32_t field, std::span<const float> values);
  // bytes field holding little-endian int64s (raw_data of an INT64 tensor).
  void integers_as_bytes(std::uint32_t field, std::span<const std::int64_t> values);

  const std::string& bytes() const { return bytes_; }

private:
  void key(std::uint32_t field, unsigned wire_type);
  void varint(std::uint64_t value);
  std::string bytes_;
};

}  // namespace glassbox
