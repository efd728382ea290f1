/** `.dockerignore`: parse the file, match paths, and Go's `filepath.Match` used beside it. */
export { parseDockerignore } from './parse.js';
export { IgnoreMatcher, DockerignoreError } from './matcher.js';
export { filepathMatch, compileMatch, hasMeta, BadPatternError } from './filepath-match.js';
export { goClean } from './clean.js';
