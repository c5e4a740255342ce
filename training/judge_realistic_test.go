package training

import (
	"strings"
	"testing"
	"time"

	"agentdesk/locales"
)

// corpusRow is one answer on a shipped free-response turn, in the words a
// new contact-centre hire types, and what a reasonable supervisor makes of
// it. Placeholders ({{charge}}, {{company}}...) are the call's values as
// the screen shows them; a row may type a figure its own way instead.
type corpusRow struct {
	sc, turn string
	lang     locales.Lang
	text     string
	// pass: a supervisor passes the line. said: the must elements a
	// supervisor hears in it (real rows).
	pass bool
	said []string
	// tu: the line speaks to the customer as tú, which the usted check
	// must see, however it is spelled.
	tu bool
	// not: must elements the line does not give the customer (a refusal).
	not []string
	// gaming: the line games the judge (key words stuffed, the rubric read
	// back, a ramble) and must earn nothing.
	gaming bool
}

const (
	es = locales.ES
	en = locales.EN
)

// realisticCorpus: seed 7 on testDay, company Telco Norte, agent Ana.
var realisticCorpus = []corpusRow{
	// ---- greetings
	{sc: "refund_request", turn: "greeting", lang: en, pass: true, said: []string{"company", "agent", "ask_name"},
		text: "Hi, thanks for calling {{company}}, my name is {{agent_name}}. Who am I speaking with today?"},
	{sc: "refund_request", turn: "greeting", lang: en, pass: true, said: []string{"company", "agent", "ask_name"},
		text: "ok so, {{company}}, this is {{agent_name}}, can I get your name please"},
	{sc: "refund_request", turn: "greeting", lang: es, pass: true, said: []string{"company", "agent", "ask_name"},
		text: "Bueno, buenas tardes, {{company}}, le atiende {{agent_name}}, ¿con quien tengo el gusto?"},
	{sc: "refund_request", turn: "greeting", lang: es, pass: true, said: []string{"company", "agent", "ask_name"},
		text: "hola buenos dias, gracias por llamar a {{company}}, mi nombre es {{agent_name}}, me podria dar su nombre?"},
	{sc: "refund_request", turn: "greeting", lang: es, pass: true, tu: true, said: []string{"company", "agent", "ask_name"},
		text: "Hola, {{company}}, soy {{agent_name}}, ¿cómo te llamas?"},
	{sc: "refund_request", turn: "greeting", lang: en, gaming: true,
		text: "{{company}} {{agent_name}} your name the"},
	{sc: "refund_request", turn: "greeting", lang: es, gaming: true,
		text: "{{company}} {{agent_name}} su nombre"},

	{sc: "refund_request", turn: "greeting", lang: en, pass: true, said: []string{"company", "agent", "ask_name"},
		text: "{{company}}, {{agent_name}} speaking. Your name?"},
	{sc: "refund_request", turn: "greeting", lang: es, pass: true, said: []string{"company", "agent", "ask_name"},
		text: "{{company}}, habla {{agent_name}}. ¿Su nombre?"},
	{sc: "refund_request", turn: "greeting", lang: es, pass: true, said: []string{"company", "agent", "ask_name"},
		text: "Buenas, {{company}}, {{agent_name}} al habla. ¿Su nombre, por favor?"},
	{sc: "refund_request", turn: "greeting", lang: en, gaming: true,
		text: "{{company}}? {{agent_name}}? your name? the"},
	{sc: "refund_request", turn: "explain", lang: en, gaming: true,
		text: "refund? {{charge}}? {{refund_days}}? {{canceled_on}}?"},

	// ---- refund_request/explain: refund, amount, days, not_again
	{sc: "refund_request", turn: "explain", lang: en, pass: true, said: []string{"refund", "amount", "days", "not_again"},
		text: "Ok so I've refunded {{charge}} to your card, you should see it in {{refund_days}}, and the package is canceled so you won't be charged again."},
	{sc: "refund_request", turn: "explain", lang: en, pass: true, said: []string{"refund", "amount", "days", "not_again"},
		text: "{{charge}} refunded to your card, {{refund_days}}. Won't be charged again."},
	{sc: "refund_request", turn: "explain", lang: en, pass: true, said: []string{"refund", "amount", "days"},
		text: "i refunded 17.94 dollars to ur card, it takes 7 business days to show up"},
	{sc: "refund_request", turn: "explain", lang: en, pass: true, said: []string{"refund", "amount", "days", "not_again"},
		text: "Sure! I've processed a refund of {{charge}} back to the card you paid with. Please allow {{refund_days}} for it to show on your statement. Your package has been canceled since {{canceled_on}}, so you won't see that charge again. Is there anything else I can help you with today?"},
	{sc: "refund_request", turn: "explain", lang: en, pass: false, said: []string{"refund"},
		text: "I'm refunding it to your card, it should be there soon."},
	{sc: "refund_request", turn: "explain", lang: en, gaming: true,
		text: "refund {{charge}} {{refund_days}} {{canceled_on}} the"},
	{sc: "refund_request", turn: "explain", lang: en, gaming: true,
		text: "the refund {{charge}} {{refund_days}} won't be charged again"},
	{sc: "refund_request", turn: "explain", lang: en, gaming: true,
		text: "Confirms the refund {{charge}}, says how long it takes {{refund_days}}, assures it won't be charged again."},
	{sc: "refund_request", turn: "explain", lang: en, pass: false, not: []string{"refund"},
		text: "Refund you {{charge}}? That's impossible."},
	{sc: "refund_request", turn: "explain", lang: es, pass: true, said: []string{"refund", "amount", "days", "not_again"},
		text: "Bueno, mire, le reembolso {{charge}} a su tarjeta, lo va a ver en {{refund_days}} y el paquete ya está cancelado."},
	{sc: "refund_request", turn: "explain", lang: es, pass: true, said: []string{"refund", "amount", "days", "not_again"},
		text: "le hice el reembolso de 17,94 dolares a su tarjeta, se ve reflejado en 7 dias habiles, y no se le cobrara de nuevo"},
	{sc: "refund_request", turn: "explain", lang: es, pass: true, said: []string{"refund", "amount", "days"},
		text: "Reembolsado: {{charge}} a su tarjeta, en {{refund_days}}."},
	{sc: "refund_request", turn: "explain", lang: es, pass: true, tu: true, said: []string{"refund", "amount", "days"},
		text: "Te reembolso {{charge}} a tu tarjeta y lo verás en {{refund_days}}, no te preocupes."},
	{sc: "refund_request", turn: "explain", lang: es, pass: true, tu: true, said: []string{"refund", "amount", "days"},
		text: "Mire, ahorita le reembolso {{charge}}; en unos {{refund_days}} lo tendras... perdón, lo tendrá en su tarjeta."},
	{sc: "refund_request", turn: "explain", lang: es, pass: false, not: []string{"refund"},
		text: "¿Que le reembolse {{charge}}? Eso es imposible."},
	{sc: "refund_request", turn: "explain", lang: es, gaming: true,
		text: "reembolso {{charge}} {{refund_days}} {{canceled_on}} el"},

	{sc: "refund_request", turn: "explain", lang: es, pass: true, said: []string{"refund", "amount", "days"},
		text: "¿Que si le reembolso {{charge}}? Sí, claro: lo verá en {{refund_days}}."},
	{sc: "refund_request", turn: "explain", lang: en, pass: true, said: []string{"refund", "amount", "days"},
		text: "Can I refund the {{charge}}? No problem, you'll see it in {{refund_days}}."},
	{sc: "refund_request", turn: "explain", lang: es, gaming: true,
		text: "Confirma el reembolso, dice el monto {{charge}}, dice el plazo {{refund_days}}, asegura que no se volverá a cobrar."},

	{sc: "refund_request", turn: "explain", lang: en, pass: true, said: []string{"refund", "amount", "days"},
		text: "ok so i refunded $17.94 to yuor card, youll see it in 7 busines days"},
	{sc: "refund_request", turn: "explain", lang: es, pass: true, said: []string{"refund", "amount", "days"},
		text: "bueno le reembolse 17.94 dolares a su targeta, lo vera en 7 dias abiles"},
	{sc: "refund_request", turn: "explain", lang: es, pass: true, said: []string{"refund", "amount", "days", "not_again"},
		text: "Ok, entonces, mire: ya le hice el reembolso de {{charge}}, en {{refund_days}} lo ve en la tarjeta, y el paquete ya esta cancelado, no se le cobrara mas."},

	// ---- refund_request/recap: amount, anything_else
	{sc: "refund_request", turn: "recap", lang: en, pass: true, said: []string{"amount", "anything_else"},
		text: "{{charge}} refunded. Anything else?"},
	{sc: "refund_request", turn: "recap", lang: en, pass: true, said: []string{"amount", "anything_else"},
		text: "Refund processed, {{charge}}. Anything else today?"},
	{sc: "bill_payment", turn: "recap", lang: es, pass: true, said: []string{"paid", "anything_else"},
		text: "{{payment}} pagados y pago automatico activado. ¿Algo mas?"},
	{sc: "refund_request", turn: "recap", lang: en, pass: true, said: []string{"amount", "anything_else"},
		text: "So to sum up, we refunded {{charge}} and you'll see it in {{refund_days}}. Is there anything else I can do for you?"},
	{sc: "refund_request", turn: "recap", lang: en, pass: true, said: []string{"amount", "anything_else"},
		text: "ok so recap: refund of {{charge}}, 7 business days. anything else i can help with?"},
	{sc: "refund_request", turn: "recap", lang: es, pass: true, said: []string{"amount", "anything_else"},
		text: "{{charge}} reembolsados. ¿Algo más?"},
	{sc: "refund_request", turn: "recap", lang: es, pass: true, said: []string{"amount", "anything_else"},
		text: "Bueno, para resumir, le devolvimos {{charge}} y lo ve en {{refund_days}}. ¿Hay algo mas en que le pueda ayudar?"},
	{sc: "refund_request", turn: "recap", lang: es, pass: true, said: []string{"amount", "anything_else"},
		text: "Listo, reembolso de {{charge}} aplicado. ¿Algo más en lo que le ayude?"},
	{sc: "refund_request", turn: "recap", lang: es, pass: true, tu: true, said: []string{"amount", "anything_else"},
		text: "¿Estas de acuerdo? Le devolvimos {{charge}}. ¿Algo mas?"},
	{sc: "refund_request", turn: "recap", lang: es, pass: true, tu: true, said: []string{"amount", "anything_else"},
		text: "Le reembolsamos {{charge}}, lo podras ver en {{refund_days}}. ¿Algo mas?"},
	{sc: "refund_request", turn: "recap", lang: es, pass: true, said: []string{"amount", "anything_else"},
		text: "Estas ya quedaron aplicadas: le reembolsamos {{charge}}. ¿Algo más?"},
	{sc: "refund_request", turn: "recap", lang: es, pass: true, said: []string{"amount", "anything_else"},
		text: "Estas fechas son de veras aproximadas: le reembolsamos {{charge}} y lo verá en unos días. ¿Algo más?"},
	{sc: "refund_request", turn: "recap", lang: en, gaming: true,
		text: "{{charge}} anything else"},
	{sc: "refund_request", turn: "recap", lang: en, gaming: true,
		text: "{{charge}} the anything else"},
	{sc: "refund_request", turn: "recap", lang: es, gaming: true,
		text: "{{charge}} algo más"},

	// ---- balance_no_pin/refuse: cannot, why, way_forward
	{sc: "balance_no_pin", turn: "refuse", lang: en, pass: true, said: []string{"cannot", "why", "way_forward"},
		text: "I'm sorry, I can't give you any account info without your PIN, it's for your security. You can reset it in the app."},
	{sc: "balance_no_pin", turn: "refuse", lang: en, pass: true, said: []string{"cannot", "why", "way_forward"},
		text: "Sorry, can't share that without verifying you, for security. You can reset your PIN on our website."},
	{sc: "balance_no_pin", turn: "refuse", lang: es, pass: true, said: []string{"cannot", "why", "way_forward"},
		text: "Lo siento, sin su PIN no puedo darle informacion de la cuenta, es por su seguridad. Puede restablecerlo en la aplicacion."},
	{sc: "balance_no_pin", turn: "refuse", lang: es, pass: true, said: []string{"cannot", "why", "way_forward"},
		text: "Disculpe, no puedo darle ese dato sin verificar su identidad, por seguridad; puede restablecer su PIN en nuestra pagina web."},
	{sc: "balance_no_pin", turn: "refuse", lang: es, pass: true, said: []string{"cannot", "why", "way_forward"},
		text: "Lo siento, no puedo darle el saldo por seguridad, puede restablecer su PIN en la app."},
	{sc: "balance_no_pin", turn: "refuse", lang: en, pass: true, said: []string{"cannot", "why", "way_forward"},
		text: "Sorry, I can't give you the balance for security reasons, but you can reset your PIN in the app."},

	{sc: "balance_no_pin", turn: "refuse", lang: en, gaming: true,
		text: "can't share security reset the"},
	{sc: "balance_no_pin", turn: "refuse", lang: es, gaming: true,
		text: "no puedo darle seguridad restablecer"},
	{sc: "balance_no_pin", turn: "refuse", lang: en, pass: true, said: []string{"cannot", "why", "way_forward"},
		text: "I can't share that for security reasons, you can reset your PIN in the app."},
	{sc: "balance_no_pin", turn: "refuse", lang: es, pass: true, said: []string{"cannot", "why", "way_forward"},
		text: "Lo siento, no puedo darle datos por seguridad; puede restablecer su PIN en la aplicación."},

	{sc: "balance_no_pin", turn: "refuse", lang: en, pass: false, said: []string{"cannot"}, not: []string{"way_forward"},
		text: "Sorry, I can't give you that or reset your PIN over the phone."},
	{sc: "balance_no_pin", turn: "refuse", lang: en, pass: false, said: []string{"cannot"}, not: []string{"way_forward"},
		text: "Sorry, I can't give you the balance or reset your PIN over the phone."},
	{sc: "balance_no_pin", turn: "refuse", lang: es, pass: false, said: []string{"cannot"}, not: []string{"way_forward"},
		text: "Lo siento, no puedo darle el saldo de su cuenta o restablecer su PIN por teléfono."},
	{sc: "balance_no_pin", turn: "refuse", lang: en, pass: true, said: []string{"cannot", "why", "way_forward"},
		text: "For your security I can't share it without your PIN, but you can reset the PIN in the app or on our website."},
	{sc: "balance_no_pin", turn: "refuse", lang: es, pass: false, said: []string{"cannot"}, not: []string{"way_forward"},
		text: "Lo siento, no puedo darle el saldo ni restablecer su PIN por teléfono."},

	// ---- assistance_program/explain: program, assisted, if_approved, days
	{sc: "assistance_program", turn: "explain", lang: en, pass: true, said: []string{"program", "assisted", "if_approved", "days"},
		text: "We have an assistance program for this. If approved, you'd pay {{assisted}} a month, and the answer takes about {{review_days}}."},
	{sc: "assistance_program", turn: "explain", lang: en, pass: true, said: []string{"program", "assisted", "if_approved"},
		text: "ok so there's an assistance program, if it's approved your bill goes down to 30 dollars a month"},
	{sc: "assistance_program", turn: "explain", lang: es, pass: true, said: []string{"program", "assisted", "if_approved", "days"},
		text: "Mire, tenemos un programa de asistencia: si se aprueba, pagaría {{assisted}} al mes. La respuesta tarda unos {{review_days}}."},
	{sc: "assistance_program", turn: "explain", lang: es, pass: true, said: []string{"program", "assisted", "if_approved"},
		text: "bueno existe un programa de ayuda, si lo aprueban pagaria 30 dolares al mes"},
	{sc: "assistance_program", turn: "explain", lang: en, pass: false, not: []string{"days"},
		text: "It's approved: you'll pay {{assisted}} a month from now on, it's a assistance program."},
	{sc: "assistance_program", turn: "explain", lang: en, gaming: true,
		text: "assistance program {{assisted}} if approved {{review_days}} the"},
	{sc: "assistance_program", turn: "explain", lang: es, gaming: true,
		text: "programa de asistencia {{assisted}} si se aprueba {{review_days}}"},

	// ---- bill_payment/confirm: paid, left, due
	{sc: "bill_payment", turn: "confirm", lang: en, pass: true, said: []string{"paid", "left", "due"},
		text: "Yes, your {{payment}} payment went through. Your balance is now {{balance_after}}, due {{due_date}}."},
	{sc: "bill_payment", turn: "confirm", lang: en, pass: true, said: []string{"paid", "left", "due"},
		text: "Yep! {{payment}} applied, {{balance_after}} left, due on {{due_date}}."},
	{sc: "bill_payment", turn: "confirm", lang: es, pass: true, said: []string{"paid", "left", "due"},
		text: "Sí, ya quedó: su pago de {{payment}} se aplicó, le queda un saldo de {{balance_after}} y vence el {{due_date}}."},
	{sc: "bill_payment", turn: "confirm", lang: es, pass: true, said: []string{"paid", "left", "due"},
		text: "Listo, {{payment}} aplicados, le quedan {{balance_after}} con vencimiento el {{due_date}}."},
	{sc: "bill_payment", turn: "confirm", lang: en, gaming: true,
		text: "{{payment}} {{balance_after}} {{due_date}} the"},
	{sc: "bill_payment", turn: "confirm", lang: es, gaming: true,
		text: "{{payment}} el {{balance_after}} {{due_date}}"},

	// ---- angry_adjustment/vent: validate, apology, ownership
	{sc: "angry_adjustment", turn: "vent", lang: en, pass: true, said: []string{"validate", "apology", "ownership"},
		text: "I understand, three calls is way too many and I'm really sorry. I'll take care of this for you personally."},
	{sc: "angry_adjustment", turn: "vent", lang: es, pass: true, said: []string{"validate", "apology", "ownership"},
		text: "Tiene toda la razon, lo siento mucho. Yo me encargo de su caso personalmente."},
	{sc: "angry_adjustment", turn: "vent", lang: es, pass: true, tu: true, said: []string{"validate", "apology", "ownership"},
		text: "Tiene toda la razon, lo siento mucho. Yo me encargo, estas en buenas manos."},
	{sc: "angry_adjustment", turn: "vent", lang: en, gaming: true,
		text: "you're right sorry take ownership"},
	{sc: "angry_adjustment", turn: "vent", lang: es, gaming: true,
		text: "tiene razon lo siento me hago cargo"},

	// ---- cash_payment_pending/explain: business_days, post_by, due, receipt
	{sc: "cash_payment_pending", turn: "explain", lang: en, pass: true, said: []string{"business_days", "post_by", "due", "receipt"},
		text: "Don't worry, cash payments take 3 to 5 business days, so it should post by {{post_by}}, before your due date of {{due_date}}. Just keep your receipt."},
	{sc: "cash_payment_pending", turn: "explain", lang: es, pass: true, said: []string{"business_days", "post_by", "due", "receipt"},
		text: "No se preocupe, los pagos en efectivo tardan de 3 a 5 dias habiles; deberia verlo a mas tardar el {{post_by}}, antes de su vencimiento del {{due_date}}. Guarde su comprobante."},
	{sc: "cash_payment_pending", turn: "explain", lang: es, gaming: true,
		text: "dias habiles {{post_by}} {{due_date}} comprobante el"},

	// ---- service_outage/recap: eta, callback, anything_else
	{sc: "service_outage", turn: "recap", lang: en, pass: true, said: []string{"eta", "callback", "anything_else"},
		text: "Ok so it's an outage in your area, should be back in about {{restore_hours}}, and I'll call you on {{callback_date}}. Anything else?"},
	{sc: "service_outage", turn: "recap", lang: es, pass: true, said: []string{"eta", "callback", "anything_else"},
		text: "Bueno, resumiendo: es una falla en la zona, vuelve en unas {{restore_hours}} y le llamo el {{callback_date}}. ¿Algo mas?"},
	{sc: "service_outage", turn: "recap", lang: en, gaming: true,
		text: "{{restore_hours}} {{callback_date}} anything else the"},

	// ---- more turns, more ways of saying it
	{sc: "tech_restart", turn: "restart", lang: en, pass: true, said: []string{"unplug", "wait", "plug_back", "lights"},
		text: "ok so let's restart the modem. Unplug it, wait like 30 seconds, then plug it back in and we'll watch the lights."},
	{sc: "tech_restart", turn: "restart", lang: en, pass: true, said: []string{"unplug", "wait", "plug_back"},
		text: "Could you unplug the modem for 30 seconds and then plug it back in for me?"},
	{sc: "tech_restart", turn: "restart", lang: es, pass: true, said: []string{"unplug", "wait", "plug_back", "lights"},
		text: "Bueno, mire, vamos a reiniciar el modem: desconectelo, espere unos 30 segundos y vuelva a conectarlo; luego vemos las luces."},
	{sc: "tech_restart", turn: "restart", lang: es, pass: true, said: []string{"unplug", "wait", "plug_back"},
		text: "¿Me hace el favor de desenchufar el módem, esperar 30 segundos y volver a enchufarlo?"},
	{sc: "tech_restart", turn: "restart", lang: es, pass: true, tu: true, said: []string{"unplug", "wait", "plug_back"},
		text: "Desconecta el modem, espera 30 segundos y vuelve a conectarlo porfa, podras ver las luces."},
	{sc: "tech_restart", turn: "restart", lang: en, gaming: true,
		text: "unplug 30 seconds plug it back lights the"},
	{sc: "tech_restart", turn: "restart", lang: es, gaming: true,
		text: "desconecte 30 segundos vuelva a conectarlo luces el"},

	{sc: "late_fee_waiver", turn: "explain", lang: en, pass: true, said: []string{"waived", "amount", "prevent"},
		text: "Good news, I waived the {{late_fee}} late fee. If you want I can set up autopay so it doesn't happen again."},
	{sc: "late_fee_waiver", turn: "explain", lang: es, pass: true, said: []string{"waived", "amount", "prevent"},
		text: "Listo, le anulé el recargo de {{late_fee}}. Si quiere le activo el pago automatico para que no le vuelva a pasar."},
	{sc: "late_fee_waiver", turn: "explain", lang: es, pass: false, said: []string{"amount"},
		text: "Le quité el recargo de {{late_fee}} y siempre se lo quitamos cada vez que pase, no se preocupe."},

	{sc: "payment_declined", turn: "explain", lang: en, pass: true, said: []string{"cause", "fee_removed", "today"},
		text: "So the card on file had expired, that's why it got declined. I've removed the late fee, so today it's just {{past_due}}."},
	{sc: "payment_declined", turn: "explain", lang: es, pass: true, said: []string{"cause", "fee_removed", "today"},
		text: "Mire, el pago se rechazo porque su tarjeta estaba vencida. Le quite el recargo, entonces hoy paga {{past_due}}."},

	{sc: "mailed_check", turn: "explain", lang: en, pass: true, said: []string{"fifteen_days", "post_by", "dont_resend"},
		text: "Checks by mail can take up to 15 days, so it should show by {{post_by}}. Please don't send another one; if it's not there by then, give us a call."},
	{sc: "mailed_check", turn: "explain", lang: es, pass: true, said: []string{"fifteen_days", "post_by", "dont_resend"},
		text: "Los cheques por correo tardan hasta 15 dias, deberia verlo a mas tardar el {{post_by}}. Por favor no envie otro cheque."},

	{sc: "missed_appointment", turn: "explain", lang: en, pass: true, said: []string{"date", "call_ahead", "credit", "approval"},
		text: "I'm so sorry about that. Your new visit is on {{new_date}}, 10 to noon, and the tech will call you before coming. I also requested a {{credit_amount}} credit, a supervisor has to approve it."},
	{sc: "missed_appointment", turn: "explain", lang: es, pass: true, said: []string{"date", "call_ahead", "credit", "approval"},
		text: "Disculpe lo de ayer. La nueva visita es el {{new_date}} de 10 a 12 y el tecnico le llamara antes. Pedí un credito de {{credit_amount}}, lo tiene que aprobar un supervisor."},
	{sc: "missed_appointment", turn: "explain", lang: en, pass: false, said: []string{"date", "credit"},
		text: "New visit on {{new_date}}, and I've applied the credit of {{credit_amount}} already, you already have the credit."},

	{sc: "moving_home", turn: "explain", lang: en, pass: true, said: []string{"install", "until", "free", "same_plan"},
		text: "You're all set! Install is on {{install_date}}, your current service stays on until {{move_date}}, the move is free and you keep your plan."},
	{sc: "moving_home", turn: "explain", lang: es, pass: true, said: []string{"install", "until", "free", "same_plan"},
		text: "Listo, la instalacion queda el {{install_date}} y su servicio actual sigue hasta el {{move_date}}. El traslado no tiene costo y conserva su plan."},

	{sc: "downgrade_plan", turn: "explain", lang: en, pass: true, said: []string{"new_price", "savings", "starts", "tradeoff"},
		text: "With the basic plan you'd pay {{basic}} a month, so {{savings}} less, starting {{starts}}. It's slower, but fine for email and news."},
	{sc: "downgrade_plan", turn: "explain", lang: es, pass: true, said: []string{"new_price", "savings", "starts", "tradeoff"},
		text: "Con el plan basico pagaria {{basic}} al mes, o sea {{savings}} menos, desde el {{starts}}. Es mas lento, pero le alcanza para correo y noticias."},

	{sc: "duplicate_charge", turn: "explain", lang: en, pass: true, said: []string{"two_payments", "refund", "amount", "days"},
		text: "I see what happened, you paid twice, once in the app and once by phone. I'm refunding {{paid}} to your card, you'll see it in {{refund_days}}."},
	{sc: "duplicate_charge", turn: "explain", lang: es, pass: true, said: []string{"two_payments", "refund", "amount", "days"},
		text: "Ya vi lo que pasó: hubo dos pagos el mismo dia. Le hago la devolucion de {{paid}} a su tarjeta y lo ve en {{refund_days}}."},
	{sc: "duplicate_charge", turn: "reason", lang: en, pass: true, said: []string{"empathy", "restate"},
		text: "Oh no, I'm sorry, being charged twice is really annoying. Let's take a look."},
	{sc: "duplicate_charge", turn: "reason", lang: es, pass: true, said: []string{"empathy", "restate"},
		text: "Uy, lo siento mucho, que le cobren dos veces preocupa. Vamos a revisarlo."},

	{sc: "service_suspended", turn: "explain", lang: en, pass: true, said: []string{"date", "amount", "free", "arrangement"},
		text: "Your service was suspended on {{suspended_on}} for a past due balance of {{past_due}}. If you pay today there's no reconnection charge, and if you can't pay it all we can look at a payment plan."},
	{sc: "service_suspended", turn: "explain", lang: es, pass: true, said: []string{"date", "amount", "free"},
		text: "Se suspendio el {{suspended_on}} por un saldo vencido de {{past_due}}; si lo paga hoy la reconexion es gratis."},
	{sc: "service_suspended", turn: "when_back", lang: en, pass: true, said: []string{"hours", "if_not"},
		text: "Payment's in! Service should be back within {{reconnection}}. If not, restart your modem and call us."},
	{sc: "service_suspended", turn: "when_back", lang: es, pass: true, said: []string{"hours", "if_not"},
		text: "Ya quedó su pago. El servicio vuelve en maximo {{reconnection}}; si no, reinicie el modem o nos llama."},

	{sc: "new_customer_first_bill", turn: "welcome", lang: en, pass: true, said: []string{"welcome", "available"},
		text: "Thank you! Welcome to {{company}}, and we're here whenever you need us."},
	{sc: "new_customer_first_bill", turn: "welcome", lang: es, pass: true, said: []string{"welcome", "available"},
		text: "¡Gracias a usted! Bienvenido a {{company}}, aqui estaremos cuando nos necesite."},

	{sc: "price_change_notice", turn: "explain", lang: en, pass: true, said: []string{"date", "increase", "new_monthly"},
		text: "Starting {{effective}} your plan goes up {{increase}}, so you'll pay {{new_monthly}} a month."},
	{sc: "price_change_notice", turn: "explain", lang: es, pass: true, said: []string{"date", "increase", "new_monthly"},
		text: "A partir del {{effective}} su plan sube {{increase}}, entonces su mensualidad queda en {{new_monthly}}."},
	{sc: "price_change_notice", turn: "explain", lang: en, gaming: true,
		text: "{{effective}} {{increase}} {{new_monthly}} the"},

	{sc: "prorated_plan_change", turn: "explain", lang: en, pass: true, said: []string{"one_time", "amount", "why", "new_monthly"},
		text: "No, the {{prorated}} is a one time prorated charge since you changed mid-cycle. From next month it's {{new_price}}."},
	{sc: "prorated_plan_change", turn: "explain", lang: es, pass: true, said: []string{"one_time", "amount", "why", "new_monthly"},
		text: "No, los {{prorated}} se cobran una sola vez porque cambió a mitad del ciclo. Desde el proximo mes paga {{new_price}}."},

	{sc: "complaint_previous_contact", turn: "explain", lang: en, pass: true, said: []string{"adjustment", "courtesy", "ticket", "time"},
		text: "I've applied the {{promised}} adjustment you were promised plus a {{courtesy}} courtesy credit. Your complaint number is {{ticket}} and a specialist will call you within 24 hours."},
	{sc: "complaint_previous_contact", turn: "explain", lang: es, pass: true, said: []string{"adjustment", "courtesy", "ticket", "time"},
		text: "Ya le apliqué el ajuste de {{promised}} y un crédito de cortesía. Su reclamo es el {{ticket}} y un especialista le llama en 24 horas."},

	{sc: "cancellation_retention", turn: "offer", lang: en, pass: true, said: []string{"loyalty", "now", "new"},
		text: "Since you've been with us 9 years you qualify for a loyalty promotion: instead of {{monthly}} you'd pay {{offer}} a month, no contract."},
	{sc: "cancellation_retention", turn: "offer", lang: es, pass: true, said: []string{"loyalty", "now", "new"},
		text: "Por sus 9 años con nosotros tiene una promocion de fidelidad: en vez de {{monthly}} pagaria {{offer}} al mes."},
	{sc: "cancellation_retention", turn: "last_resort", lang: en, pass: true, said: []string{"team", "why", "hold", "if_dropped"},
		text: "Let me transfer you to our retention team to see if they can lower your bill further. Please stay on the line, and if the call drops, call us back."},
	{sc: "cancellation_retention", turn: "last_resort", lang: es, pass: true, said: []string{"team", "why", "hold", "if_dropped"},
		text: "Le voy a transferir al area de retencion para ver si hay una reduccion adicional. No cuelgue por favor; si se corta, nos vuelve a llamar."},

	{sc: "payment_arrangement", turn: "explain", lang: en, pass: true, said: []string{"today", "rest", "date", "if_missed"},
		text: "So you pay {{pay_now}} today and the other {{remainder}} on {{second_date}}. If you think you can't make it, call us before the date, because a missed payment cancels the arrangement."},
	{sc: "payment_arrangement", turn: "explain", lang: es, pass: true, said: []string{"today", "rest", "date", "if_missed"},
		text: "Hoy paga {{pay_now}} y el resto, {{remainder}}, el {{second_date}}. Si no va a poder, llamenos antes, porque si falta un pago el acuerdo se cancela."},

	{sc: "ppv_dispute", turn: "findings", lang: en, pass: true, said: []string{"amount", "date", "from_tv", "asks"},
		text: "I see a {{price}} purchase from the living room set-top box on {{bought_on}}. Is it possible someone at home bought it with the remote?"},
	{sc: "ppv_dispute", turn: "findings", lang: es, pass: true, said: []string{"amount", "date", "from_tv", "asks"},
		text: "Veo una compra de {{price}} del {{bought_on}}, hecha desde el decodificador de la sala. ¿Puede ser que alguien en casa la haya hecho?"},

	{sc: "equipment_return", turn: "explain", lang: en, pass: true, said: []string{"how", "deadline", "receipt", "fee"},
		text: "I've emailed you a prepaid label; drop the box and remote at the carrier or one of our stores by {{return_by}}. Keep the receipt, because if it doesn't arrive there's a {{unreturned_fee}} fee."},
	{sc: "equipment_return", turn: "explain", lang: es, pass: true, said: []string{"how", "deadline", "receipt", "fee"},
		text: "Le mandé una etiqueta prepagada al correo; tiene hasta el {{return_by}} para llevar el equipo. Guarde el comprobante, porque si no llega se cobra {{unreturned_fee}}."},

	// ---- figures said in words, greetings said long, stuffing dressed up
	{sc: "refund_request", turn: "explain", lang: en, pass: true, said: []string{"refund", "amount", "days"},
		text: "Alright, I've refunded the {{charge}}, it'll take seven business days to reach your card."},
	{sc: "refund_request", turn: "explain", lang: es, pass: true, said: []string{"refund", "amount", "days"},
		text: "Ya le hice el reembolso de {{charge}}; tarda siete días hábiles en verse en su tarjeta."},
	{sc: "refund_request", turn: "greeting", lang: en, pass: true, said: []string{"company", "agent", "ask_name"},
		text: "Good afternoon and thank you so much for calling {{company}} customer care, my name is {{agent_name}} and I'll be helping you today. May I please have your name?"},
	{sc: "refund_request", turn: "greeting", lang: es, pass: true, said: []string{"company", "agent", "ask_name"},
		text: "Muy buenas tardes, gracias por comunicarse con {{company}}, mi nombre es {{agent_name}} y con mucho gusto le voy a atender. ¿Me podría decir su nombre, por favor?"},
	{sc: "refund_request", turn: "explain", lang: en, gaming: true,
		text: "refund {{charge}} processed {{refund_days}} has been canceled"},
	{sc: "refund_request", turn: "explain", lang: en, gaming: true,
		text: "refund, {{charge}}, {{refund_days}}, has been canceled, thank you"},
	{sc: "refund_request", turn: "explain", lang: es, gaming: true,
		text: "reembolso {{charge}} procesado {{refund_days}} ya esta cancelado"},
	{sc: "refund_request", turn: "recap", lang: es, gaming: true,
		text: "ok {{charge}} bueno algo más gracias"},
	{sc: "refund_request", turn: "recap", lang: en, gaming: true,
		text: "{{charge}} you anything else"},

	{sc: "refund_request", turn: "explain", lang: en, gaming: true,
		text: "ok so um refund well {{charge}} like {{refund_days}} yeah"},
	{sc: "refund_request", turn: "explain", lang: es, gaming: true,
		text: "bueno este pues reembolso o sea {{charge}} eh {{refund_days}} ya"},
	{sc: "refund_request", turn: "explain", lang: en, gaming: true,
		text: "ok so you know refund {{charge}} i mean {{refund_days}}"},
	{sc: "refund_request", turn: "explain", lang: es, pass: true, said: []string{"refund", "amount", "days"},
		text: "O sea, este, le reembolsamos {{charge}} y lo ve en {{refund_days}}."},
	{sc: "late_fee_waiver", turn: "explain", lang: en, gaming: true,
		text: "waived {{late_fee}} autopay the"},
	{sc: "payment_arrangement", turn: "explain", lang: es, gaming: true,
		text: "{{pay_now}} {{remainder}} {{second_date}} se cancela el"},

	// ---- a ramble: every phrase a rubric might hold, far past a turn
	{sc: "refund_request", turn: "recap", lang: en, gaming: true,
		text: "To recap everything we talked about today: you called because the package was charged again after you canceled it, I verified your identity with your PIN, I confirmed the cancellation, I checked the charge, and I refunded {{charge}} to your card, which you will see within {{refund_days}}, and the package has been canceled since {{canceled_on}} so it won't be charged again, and if anything else comes up you can call us back any time, we're here to help, so is there anything else I can help you with?"},
}

// The corpus on judge 5 (the current rubric): a real answer earns what a
// supervisor would give it, and gaming earns nothing. Judge 4's figures
// on the same rows are logged, for comparison.
func TestJudgeRealisticCorpus(t *testing.T) {
	c := content(t)
	rs, err := defaultRubrics()
	if err != nil {
		t.Fatal(err)
	}
	var j4 Rubric
	for _, r := range rs {
		if r.judge() == judgeLanguage {
			j4 = r
		}
	}
	type tally struct{ refused, through int }
	var t4, t5 tally
	real := 0
	for _, row := range realisticCorpus {
		sc := c.Scenario(row.sc)
		if sc == nil {
			t.Fatalf("no scenario %s", row.sc)
		}
		s, err := NewSession(sc, 7, Practice, WithClock(func() time.Time { return testDay }), WithLang(row.lang),
			WithCompany("Telco Norte"), WithTrainee("Ana"), WithRubric(rubric(t)))
		if err != nil {
			t.Fatal(err)
		}
		text := fill(row.text, s.env.lookup(row.lang))
		if strings.Contains(text, "{{") {
			t.Fatalf("%s/%s: unfilled %q", row.sc, row.turn, text)
		}
		judgeWith := func(r Rubric) Judgement {
			j, err := Judge(sc, row.turn, text, JudgeOptions{Lang: row.lang, Seed: 7, Day: testDay, Rubric: r,
				Company: "Telco Norte", Agent: "Ana"})
			if err != nil {
				t.Fatalf("%s/%s %q: %v", row.sc, row.turn, text, err)
			}
			return j
		}
		count := func(j Judgement, tl *tally) {
			switch {
			case row.gaming && (j.Mark > 0 || !j.Poor):
				tl.through++
			case !row.gaming && row.pass && j.Poor:
				tl.refused++
			}
		}
		count(judgeWith(j4), &t4)
		j := judgeWith(rubric(t))
		count(j, &t5)
		if row.gaming {
			if j.Mark > 0 || !j.Poor {
				t.Errorf("%s/%s %s gaming %q: mark %v, poor %v, shape %q", row.sc, row.turn, row.lang, text, j.Mark, j.Poor, j.Shape)
			}
			// The trainee reads why, in the interface language, quoting
			// what they typed.
			for _, ui := range locales.Langs {
				lines := ExplainJudgement(locales.New(ui), sc, j)
				if j.Shape != "" && (len(lines) == 0 || lines[0].OK || len(j.Keywords) > 0 && !strings.Contains(lines[0].Text, j.Keywords[0])) {
					t.Errorf("%s/%s %q explained in %s: %+v", row.sc, row.turn, text, ui, lines)
				}
			}
			continue
		}
		real++
		if j.Poor == row.pass {
			t.Errorf("%s/%s %s %q: mark %v, poor %v, shape %q %q, register %+v; a supervisor would %s it",
				row.sc, row.turn, row.lang, text, j.Mark, j.Poor, j.Shape, j.Keywords, j.Register, map[bool]string{true: "pass", false: "fail"}[row.pass])
		}
		for _, id := range row.not {
			if e := element(j, id); e.Found {
				t.Errorf("%s/%s %s %q: %s heard (matched %q)", row.sc, row.turn, row.lang, text, id, e.Matched)
			}
		}
		if row.lang == es && j.Shape == "" && (j.Register == nil || j.Register.OK == row.tu) {
			t.Errorf("%s/%s %q: register %+v, tú said %v", row.sc, row.turn, text, j.Register, row.tu)
		}
		for _, id := range row.said {
			if e := element(j, id); !e.Found && j.Shape == "" {
				t.Errorf("%s/%s %s %q: %s not heard (matched %q, negated %q, denied %v)", row.sc, row.turn, row.lang, text, id, e.Matched, e.Negated, e.Denied)
			}
		}
	}
	t.Logf("%d rows (%d real, %d gaming); judge 4 refused %d real answers and let %d gaming rows through; judge 5 refused %d and let %d through",
		len(realisticCorpus), real, len(realisticCorpus)-real, t4.refused, t4.through, t5.refused, t5.through)
}
