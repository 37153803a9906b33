// `glassbox train-chars` and `glassbox sample`: the character-level language
// model (glassbox/train/char_model.hpp) from the command line.
#include <cstdio>

#include "commands.hpp"
#include "glassbox/core/error.hpp"
#include "glassbox/io/safetensors.hpp"
#include "glassbox/train/char_model.hpp"

namespace glassbox::cli {

int train_chars(const CharArgs& args) {
  CharDefaults settings = char_defaults();
  if (args.steps > 0) settings.train.steps = args.steps;
  const CharCorpus& corpus = char_corpus();
  std::printf("corpus: %s, %zu characters, vocabulary of %zu: %s\n", corpus.source.c_str(),
              corpus.text.size(), corpus.vocabulary.size(), describe_vocabulary(corpus).c_str());
  std::printf("model: %s\n", char_architecture(corpus, settings.model).to_json().c_str());
  Model model(char_architecture(corpus, settings.model), args.seed);
  const CharRun run = run_char_model(settings, args.seed, &model);
  std::printf(
      "%zu steps of %zu windows of %zu characters in %.2f s (%.0f samples/s): test accuracy "
      "%.2f%%, test loss %.4f nats per character\n",
      run.steps, settings.train.batch_size, settings.model.window, run.seconds,
      static_cast<double>(run.samples) / run.seconds, 100.0 * run.accuracy, run.loss);
  const CharSample sample = sample_text(model, corpus, "alice ", 120, 0.5, args.seed);
  std::printf("sample at temperature 0.5 after \"alice \": %s\n", sample.text.c_str());
  if (!args.out.empty()) {
    save_model_file(model, args.out);
    std::printf("saved %s\n", args.out.c_str());
  }
  return 0;
}

int sample_chars(const CharArgs& args) {
  Model model = load_model_file(args.model);
  const CharCorpus& corpus = char_corpus();
  const CharSample sample =
      sample_text(model, corpus, args.prompt, args.count, args.temperature, args.seed);
  std::printf("%s%s\n", args.prompt.c_str(), sample.text.c_str());
  if (args.unit) {
    const std::string text = args.prompt + sample.text;
    const std::vector<float> h = unit_activations(model, corpus, text, *args.unit);
    std::printf("h_t of unit %zu, one line per character:\n", *args.unit);
    for (std::size_t t = 0; t < text.size(); ++t) std::printf("%c %+.4f\n", text[t], h[t]);
  }
  return 0;
}

}  // namespace glassbox::cli
