#include "glassbox/io/idx.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "glassbox/core/error.hpp"

namespace glassbox {

IdxArray parse_idx(std::span<const std::uint8_t> bytes) {
  require(bytes.size() >= 4, "not an IDX file: only " + std::to_string(bytes.size()) +
                                 " bytes, the header alone needs at least 4");
  require(bytes[0] == 0 && bytes[1] == 0,
          "not an IDX file: it must start with two zero bytes (the IDX magic)");
  if (bytes[2] != 0x08) {
    char type[8];
    std::snprintf(type, sizeof type, "0x%02X", static_cast<unsigned>(bytes[2]));
    throw Error(std::string("IDX data type ") + type +
                " (byte 3 of the header) is not supported; only unsigned bytes (0x08) are");
  }
  const std::size_t rank = bytes[3];
  require(rank >= 1 && rank <= 4,
          "IDX file has " + std::to_string(rank) + " dimensions; 1 to 4 are supported");
  const std::size_t header = 4 + 4 * rank;
  require(bytes.size() >= header, "IDX file is truncated inside its header");
  IdxArray array;
  std::uint64_t count = 1;
  for (std::size_t d = 0; d < rank; ++d) {
    const std::uint8_t* p = bytes.data() + 4 + 4 * d;
    const std::uint32_t size = (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
                               (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
    array.dims.push_back(size);
    count *= size;
    require(count <= (std::uint64_t{1} << 32), "IDX dimensions are implausibly large");
  }
  require(bytes.size() - header == count,
          "IDX file size does not match its header: the dimensions need " + std::to_string(count) +
              " bytes of data, the file has " + std::to_string(bytes.size() - header));
  array.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(header), bytes.end());
  return array;
}

IdxArray read_idx_file(const std::string& path) {
  const auto bytes = read_file(path);  // its errors name the path already
  try {
    return parse_idx(bytes);
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
}

std::vector<std::uint8_t> read_file(const std::string& path) {
  // A device or FIFO (/dev/zero, a named pipe) may never end: refuse anything
  // that is not a regular file before reading a byte, and read only its size.
  std::error_code error;
  const auto status = std::filesystem::status(path, error);
  require(!error && std::filesystem::exists(status), "cannot open '" + path + "': no such file");
  require(std::filesystem::is_regular_file(status),
          "cannot read '" + path + "': it is " +
              (std::filesystem::is_directory(status) ? std::string("a folder")
                                                     : std::string("a device, FIFO or socket")) +
              ", not a regular file");
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  require(!error, "cannot read '" + path + "': its size is unknown");
  require(size <= max_file_bytes, "cannot read '" + path + "': it is " + std::to_string(size) +
                                      " bytes; the limit is " + std::to_string(max_file_bytes));
  std::ifstream in(path, std::ios::binary);
  require(in.good(), "cannot open '" + path + "'");
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
  require(static_cast<std::uintmax_t>(in.gcount()) == size,
          "cannot read '" + path + "': it ended early");
  return bytes;
}

void write_file(const std::string& path, std::span<const std::uint8_t> bytes) {
  std::ofstream out(path, std::ios::binary);
  require(out.good(), "cannot write '" + path + "'");
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  require(out.good(), "failed while writing '" + path + "'");
}

}  // namespace glassbox
