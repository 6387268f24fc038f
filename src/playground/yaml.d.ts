/** The YAML files the playground carries (the seed example), bundled as text. */
declare module "*.yaml" {
  const text: string;
  export default text;
}
