#pragma once
// A character-level language-modelling corpus: a few KB of public-domain
// English embedded in the engine (char_corpus.cpp cites it), its vocabulary,
// encoding between text and token ids, and seeded windows for next-character
// prediction laid out like the token tasks (data/token_tasks.hpp):
//   tokens (N, T): characters s … s+T−1 of the text as ids,
//   labels (N, T): characters s+1 … s+T, the next character at every position,
// trained with the sparse softmax cross-entropy over V characters.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "glassbox/core/dataset.hpp"

namespace glassbox {

struct CharCorpus {
  std::string name;        // "alice"
  std::string source;      // title, author, year, licence
  std::string text;        // lower-case ASCII
  std::string vocabulary;  // the sorted set of the text's characters: id i is vocabulary[i]
  // The first `train_characters` characters are for training windows, the
  // rest (the last tenth) for test windows: no test window overlaps a training one.
  std::size_t train_characters;
};

// The embedded corpus (Alice's Adventures in Wonderland, chapter I, opening).
const CharCorpus& char_corpus();

// Text → ids. Throws Error naming the first character that is not in the
// vocabulary, its position, and the allowed set; an empty text is allowed here.
std::vector<std::int32_t> encode_chars(const CharCorpus& corpus, std::string_view text);
// Ids → text. Throws Error for an id outside [0, V).
std::string decode_chars(const CharCorpus& corpus, const std::vector<std::int32_t>& ids);
// The vocabulary as a person reads it: its characters in order, the space
// shown as "␣" ("␣!'(),-.:;?abcdefghijklmnopqrstuvwxyz").
std::string describe_vocabulary(const CharCorpus& corpus);

struct CharSplit {
  Dataset train, test;  // tokens (N, T), labels (N, T)
};
// Windows of `window` characters at seeded random starts: training windows
// inside text[0, train_characters), test windows inside the rest.
// Throws Error for a window outside [2, max_char_window] or counts outside [1, 100000].
inline constexpr std::size_t max_char_window = 256;
CharSplit make_char_data(const CharCorpus& corpus, std::size_t window, std::uint64_t seed,
                         std::size_t train_count = 2000, std::size_t test_count = 256);

}  // namespace glassbox
