#pragma once
// The UCI optdigits test set, embedded so it works in wasm with no files
// (digits_data.cpp cites the source and its licence).
namespace glassbox::data {

// Row i: 64 characters of "0123456789ABCDEFG" (pixel (y, x) = character
// 8y + x, ink count 0..16), then the label '0'..'9', then NUL.
inline constexpr char digit_alphabet[] = "0123456789ABCDEFG";
extern const char digit_rows[1797][66];

}  // namespace glassbox::data
