#pragma once
// The IDX file format of MNIST (LeCun et al.): big-endian.
//   bytes 0–1: 0x00 0x00;  byte 2: data type (0x08 = unsigned byte);
//   byte 3: number of dimensions d;  then d sizes as u32;  then the data.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace glassbox {

struct IdxArray {
  std::vector<std::size_t> dims;
  std::vector<std::uint8_t> data;
};

// Parses unsigned-byte IDX data; throws Error on a bad magic, type, or size.
IdxArray parse_idx(std::span<const std::uint8_t> bytes);
IdxArray read_idx_file(const std::string& path);

// The largest file read_file reads: 512 MiB (MNIST's largest file is 47 MB,
// a model at the parameter limit 256 MB).
inline constexpr std::size_t max_file_bytes = std::size_t{512} << 20;

// Reads a whole regular file; throws Error naming the path if it cannot, if
// it is a device, FIFO or folder, or if it is over max_file_bytes.
std::vector<std::uint8_t> read_file(const std::string& path);
void write_file(const std::string& path, std::span<const std::uint8_t> bytes);

}  // namespace glassbox
