// Registration only: every function here is an adapter from adapters.hpp.
#include <emscripten/bind.h>

#include "adapters.hpp"
#include "char_model_adapter.hpp"
#include "inspect_adapter.hpp"
#include "lab_adapter.hpp"
#include "sequence_adapters.hpp"
#include "token_task_adapter.hpp"
#include "training_adapter.hpp"

EMSCRIPTEN_BINDINGS(glassbox) {
  using namespace emscripten;
  using glassbox::wasm::NetworkHandle;

  class_<NetworkHandle>("Network")
      .constructor<>()
      .function("loadSafetensors", &NetworkHandle::load_safetensors)
      .function("build", &NetworkHandle::build)
      .function("isLoaded", &NetworkHandle::is_loaded)
      .function("predict", &NetworkHandle::predict)
      .function("forwardAll", &NetworkHandle::forward_all)
      .function("forwardBatch", &NetworkHandle::forward_batch)
      .function("trace", &NetworkHandle::trace)
      .function("evaluate", &NetworkHandle::evaluate)
      .function("layers", &NetworkHandle::layers)
      .function("parameters", &NetworkHandle::parameters)
      .function("topContributions", &NetworkHandle::top_contributions)
      .function("topContributionsInto", &NetworkHandle::top_contributions_into)
      .function("weights", &NetworkHandle::weights)
      .function("setParameters", &NetworkHandle::set_parameters)
      .function("toSafetensors", &NetworkHandle::to_safetensors)
      .function("exportModel", &NetworkHandle::export_model)
      .function("inputSize", &NetworkHandle::input_size)
      .function("outputSize", &NetworkHandle::output_size)
      .function("parameterCount", &NetworkHandle::parameter_count)
      .function("architectureJson", &NetworkHandle::architecture_json)
      .function("sampleText", &NetworkHandle::sample_text)
      .function("unitActivations", &NetworkHandle::unit_activations);

  using glassbox::wasm::TrainingSession;
  class_<TrainingSession>("TrainingSession")
      .constructor<>()
      .function("start", &TrainingSession::start)
      .function("isStarted", &TrainingSession::is_started)
      .function("step", &TrainingSession::step)
      .function("evaluate", &TrainingSession::evaluate)
      .function("toSafetensors", &TrainingSession::to_safetensors)
      .function("exportModel", &TrainingSession::export_model)
      .function("parameters", &TrainingSession::parameters)
      .function("trace", &TrainingSession::trace)
      .function("architectureJson", &TrainingSession::architecture_json)
      .function("saveState", &TrainingSession::save_state)
      .function("restoreState", &TrainingSession::restore_state);

  using glassbox::wasm::LabRun;
  class_<LabRun>("LabRun")
      .constructor<>()
      .function("start", &LabRun::start)
      .function("advance", &LabRun::advance)
      .function("result", &LabRun::result);
  function("labCatalog", &glassbox::wasm::lab_catalog);

  function("catalog", &glassbox::wasm::catalog);
  function("problemCatalog", &glassbox::wasm::problem_catalog);
  function("makeProblem", &glassbox::wasm::make_problem);
  function("sequenceTasks", &glassbox::wasm::sequence_tasks);
  function("makeSequenceTask", &glassbox::wasm::make_sequence_task);
  function("sequenceArchitecture", &glassbox::wasm::sequence_architecture);
  function("preprocessDigit", &glassbox::wasm::preprocess_digit);
  function("readIdx", &glassbox::wasm::read_idx);
  function("version", &glassbox::wasm::version);
  function("tokenTaskCatalog", &glassbox::wasm::token_task_catalog);
  function("makeTokenTask", &glassbox::wasm::make_token_task);
  function("tokenArchitecture", &glassbox::wasm::token_architecture);
  function("principalComponents", &glassbox::wasm::principal_components);
  function("nearestByCosine", &glassbox::wasm::nearest_by_cosine);
  function("explainAttentionQuery", &glassbox::wasm::explain_attention_query);
  function("alignedAttentionMass", &glassbox::wasm::aligned_attention_mass);
  function("sinusoidalEncoding", &glassbox::wasm::sinusoidal_encoding);
  function("embeddingTaskCatalog", &glassbox::wasm::embedding_task_catalog);
  function("makeEmbeddingTask", &glassbox::wasm::make_embedding_task);
  function("heapInUseBytes", &glassbox::wasm::heap_in_use_bytes);
  function("charCorpus", &glassbox::wasm::char_corpus);
  function("makeCharData", &glassbox::wasm::make_char_data);
  function("temperatureProbabilities", &glassbox::wasm::temperature_probabilities);
}
