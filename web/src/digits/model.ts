// Downloads and opens the shipped MNIST model.
import type { Engine, Network } from '../engine';

export const DIGIT_MODEL_URL = `${import.meta.env.BASE_URL}models/mnist-mlp.safetensors`;

export async function loadDigitModel(engine: Engine, url = DIGIT_MODEL_URL): Promise<Network> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`Could not download the digit model (${url}): ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw new Error(`Could not download the digit model (${url}): HTTP ${response.status}`);
  const network = engine.networkFromSafetensors(new Uint8Array(await response.arrayBuffer()));
  if (network.inputSize !== 28 * 28 || network.outputSize !== 10) {
    const shape = `${network.inputSize} → ${network.outputSize}`;
    network.dispose();
    throw new Error(`The digit model must map 784 pixels to 10 classes, but this one is ${shape}.`);
  }
  return network;
}
