package locales

import (
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"github.com/nicksnyder/go-i18n/v2/i18n/template"
)

// contentLocalizers has one localizer a language over an empty bundle
// whose default language is that language, so a text given as the default
// message is said as it is, with no "not found" fallback.
var contentLocalizers = sync.OnceValue(func() map[Lang]*i18n.Localizer {
	locs := map[Lang]*i18n.Localizer{}
	for _, l := range Langs {
		locs[l] = i18n.NewLocalizer(i18n.NewBundle(l.Tag()), string(l))
	}
	return locs
})

// Content says a piece of content (the playbook's scripts, a training
// scenario's lines) in l through go-i18n: id is its message ID and text
// its wording in l, which the content's loader has already checked exists
// in both languages. The content is in memory already; registering every
// text as a bundle message as well would keep it twice (3.6 MB for the
// training pack alone). {{placeholders}} are the content's own, not Go
// templates, so they are left as they are for the content to fill.
func Content(l Lang, id, text string) string {
	loc := contentLocalizers()[l]
	if loc == nil || id == "" || text == "" {
		return text
	}
	out, err := loc.Localize(&i18n.LocalizeConfig{
		DefaultMessage: &i18n.Message{ID: id, Other: text},
		TemplateParser: template.IdentityParser{},
	})
	if err != nil {
		return text
	}
	return out
}
