package assets

import _ "embed"

// Icon is the application icon (a headset with a checklist tick), PNG 512².
// The SVG beside it is the source.
//
//go:embed icon/agentdesk.png
var Icon []byte
