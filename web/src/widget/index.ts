// The widget's entry (vite.widget.config.ts): defines <glassbox-playground>.
import { GlassboxPlayground } from './element';

export { GlassboxPlayground };
if (customElements.get('glassbox-playground') === undefined) customElements.define('glassbox-playground', GlassboxPlayground);
