#include "glassbox/inspect/trace.hpp"

#include "glassbox/core/error.hpp"
#include "glassbox/kernels/loss.hpp"
#include "glassbox/train/optimizer.hpp"

namespace glassbox {

Trace trace_sample(Model& model, std::span<const float> input, std::span<const float> target,
                   float learning_rate) {
  require(target.size() == model.output_size(),
          "target has " + std::to_string(target.size()) + " values; the model has " +
              std::to_string(model.output_size()) + " outputs");
  Trace trace;
  trace.input.assign(input.begin(), input.end());
  trace.target.assign(target.begin(), target.end());
  const bool was_training = model.training();
  model.set_training(false);
  model.zero_gradients();
  const auto output = model.forward(input, 1);
  std::vector<float> doutput(output.size());
  trace.loss = compute_loss(model.architecture().loss, output, target, doutput, 1, output.size());
  model.backward(doutput, /*keep_layer_gradients=*/true);
  model.set_training(was_training);

  for (std::size_t i = 0; i < model.layer_count(); ++i) {
    const std::string type = model.layer(i).type();
    if (type == "dense") {
      NeuronLayerTrace layer;
      layer.layer = i;
      layer.activation = "linear";
      layer.parameter_offset = model.parameter_offset(i);
      const auto z = model.activation(i);
      const auto dz = model.output_gradient(i);
      layer.z.assign(z.begin(), z.end());
      layer.a = layer.z;
      layer.delta.assign(dz.begin(), dz.end());
      trace.layers.push_back(std::move(layer));
    } else if (type == "dropout") {
      continue;  // identity in eval mode
    } else {
      require(!trace.layers.empty() && model.layer(i).output_size() == trace.layers.back().z.size(),
              "step-through traces need dense layers with elementwise activations; layer " +
                  std::to_string(i) + " is " + type);
      // Stack activations: a is the last one's output. δ stays at the dense output.
      const auto a = model.activation(i);
      NeuronLayerTrace& last = trace.layers.back();
      last.activation = last.activation == "linear" ? type : last.activation + "+" + type;
      last.a.assign(a.begin(), a.end());
    }
  }
  trace.output = model.predict(input, 1);
  trace.gradients.assign(model.gradients().begin(), model.gradients().end());
  trace.sgd_updated.assign(model.parameters().begin(), model.parameters().end());
  Sgd(learning_rate).step(trace.sgd_updated, trace.gradients);
  trace.sgd_step.resize(trace.sgd_updated.size());
  for (std::size_t k = 0; k < trace.sgd_step.size(); ++k)
    trace.sgd_step[k] = trace.sgd_updated[k] - model.parameters()[k];
  return trace;
}

}  // namespace glassbox
