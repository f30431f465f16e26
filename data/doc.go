// Package data embeds the files the binaries need at run time — the bundled
// real job posts, dictionaries, the skill taxonomy, stop words and aliases —
// so that a built binary runs from any directory, with no module cache and no
// network. Each group of files is declared in its own file of this package.
package data
