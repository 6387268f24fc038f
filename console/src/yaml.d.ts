/** The YAML files the playground carries (the seed example), bundled as text. */
declare module "*.yaml" {
  const text: string;
  export default text;
}

/** The seed's batch of test messages, bundled as text. */
declare module "*.csv" {
  const text: string;
  export default text;
}
