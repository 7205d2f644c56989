// The typings recipe: the session-* tags as Vue global components, for editors and type checks.
/// <reference types="session-elements/types/vue" />
