package server

import _ "embed"

// OpenAPI is docs/openapi.yaml, served at /openapi.yaml. go:embed cannot
// reach outside this folder, so the file is copied here; a test fails when
// the two differ.
//
//go:generate cp ../../docs/openapi.yaml openapi.yaml
//go:embed openapi.yaml
var OpenAPI []byte
