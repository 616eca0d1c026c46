"""Data only: first names, nicknames and surnames the redactor looks for (`bot.understanding.privacy`).

Names common among people who work in or use UK health and care services, across backgrounds. Kept apart
from the rules; this module imports nothing. Every list is whitespace-separated, lower case, without accents
(`bot.understanding.privacy.lexicon.fold` folds the text it looks up the same way). A name in more than one
list is fine: `bot.understanding.privacy.lexicon` decides precedence.
"""

from __future__ import annotations

# Common UK first names that are not ordinary English words. Grouped loosely by background for review;
# the grouping has no effect. Names that are also everyday words live in `AMBIGUOUS_NAMES_TEXT` instead.
FIRST_NAMES_TEXT = """
aaron abbie abigail adam adrian aidan alan albert alex alexander alexandra alfie alice alison alistair
alastair amanda amelia amy andrew andy angela anne ann annie anthony archie arthur ashley ava barbara
barry ben benjamin bernadette beth bethany beverley bradley brenda brian bridget callum carl caroline
catherine charles charlie charlotte chloe chris christine christopher claire clare colin connor craig
daniel danielle danny darren dave david debbie deborah denise dennis derek diane donna dorothy douglas
duncan dylan edward eileen elaine eleanor elizabeth ella ellie emily emma ethan evie fiona florence
frances freddie freya gary gavin gemma george georgia gillian gordon graham hannah harriet harry harvey
hayley helen henry imogen isabel isabella isabelle jacob jacqueline jackie james jamie jane janet jason
jeff jennifer jenny jess jessica jill jim jimmy joan joanne jodie joe john jon jonathan jordan joseph
josh joshua joyce judith julia julie karen kate katherine kathleen kathryn katie kayleigh keith kelly
kenneth kerry kevin kieran kim kirsty kyle lauren laura leanne lee leo lewis liam linda lisa liz
lorraine louise lucy luke lydia lynn lynne maisie malcolm margaret maria marie martha martin mary
matilda matt matthew maureen megan melanie michael michelle mike millie molly natalie nathan neil
nicholas nicola nigel noah norman oliver olivia oscar pamela patricia patrick paul pauline peter phil
philip phoebe rachel rebecca rebekah richard robert roger ronald ross ruth ryan sally samantha sam
samuel sandra sarah scott shannon sharon shaun sean sheila shirley simon sophie sophia stacey stanley
stephen steve steven stuart susan suzanne teresa theresa thomas tim timothy toby tom tony tracey tracy
trevor valerie vicky victoria wayne wendy william yvonne zoe jodi kate kath becky mandy debs steph
stephanie gareth owen rhys huw dafydd dai ieuan iwan gethin aled emyr gwyn cerys carys sian nia ffion
bethan catrin eleri manon lowri seren angharad rhian rhiannon gwen elin glenys
hamish euan ewan fraser angus finlay alasdair murdo struan iona isla kirsty morag ailsa eilidh mhairi
catriona
aoife siobhan niamh ciara saoirse sinead orla roisin grainne caoimhe aisling eoin cian oisin padraig
seamus declan ciaran dermot fergal colm conor ronan darragh cathal brendan deirdre maeve una
priya anjali aisha ayesha fatima zainab sana nadia amina asha deepa kavita sunita anita neha pooja
shreya divya lakshmi meena nisha rani rekha shabana shazia nasreen farah hina rubina samina parveen
jaspreet harpreet gurpreet manpreet simran navdeep amrit rajesh raj ravi rahul rohan arjun vikram
sanjay sanjeev anil ajay vijay amit sunil suresh ramesh mahesh dinesh ashok prakash deepak manoj arun
kiran imran irfan asif tariq bilal hamza usman zain faisal kamran naveed shahid sajid wasim aamir amir
yasir adnan nadeem mohammed muhammad mohammad mohamed mohamad muhammed ahmed ahmad ali hassan hussain
omar umar ibrahim yusuf yousuf ismail abdul rashid sandeep harjit jaswinder kuldeep baljit hardeep
parminder rupinder sukhwinder gurinder anand nikhil varun karan aarav ishaan siddharth sanjana tanvi
riya aditi ananya preeti swati rupa usha geeta gita hema jyoti nalini padma radha sarita savita uma
vandana yasmin rukhsana shirin mehreen saima sadia tahira bushra uzma iqra maryam mariam khadija hafsa
sumaiya tasnim rahima rafiq nasir jamal kareem karim habib shafiq mustafa khalid tahir zubair junaid
saif ayaan rayan rizwan farhan shoaib fahad salman anwar priyanka nirmala lalitha tharshini
shahana nazia rumana
adebayo adeola adewale ayo ayodele babajide bola bukola chidi chidinma chiamaka chinedu chioma chinwe
chukwuemeka emeka ebere funmi folake femi funke ifeoma ify kemi kunle nkechi ngozi obinna olu olumide
oluwaseun seun segun tunde tolu temi tope uche yetunde yemi dapo kayode gbenga wale kwame kofi kwabena
kwesi ama akua abena adwoa efua esi yaw kojo afua kwaku amara zara amani baraka wanjiru wanjiku njeri
akinyi achieng zawadi imani tendai tatenda tafadzwa farai rutendo nyasha chipo tinashe kudzai tsitsi
thandiwe thabo sipho lerato nomsa themba zanele ayan abdi hodan fadumo hamdi sahra abebe tigist hanna
godwin emmanuel chinonso chukwudi nnamdi ikenna obi abimbola olamide damilola titilayo
marcia marlon delroy winston leroy dwayne jermaine tyrone shanice tanisha keisha latoya claudette
desmond clive errol everton lloyd neville carlton hyacinth monique kemar andre jerome lorraine sonia
paulette aaliyah nathaniel
agnieszka katarzyna kasia magdalena magda malgorzata gosia joanna anna marta monika ewa aleksandra ola
dorota beata justyna karolina paulina natalia weronika zofia piotr pawel tomasz tomek krzysztof marek
michal lukasz jakub kuba wojciech marcin grzegorz andrzej bartosz mateusz kamil dariusz radek ionut
andrei alexandru mihai cristina ioana elena mihaela florin bogdan vasile gabriela irina olga svetlana
tatiana natasha oksana olena yulia dmitri dmitry sergei vladimir oleksandr mykola ivan nikolai yuri
petra lenka jana tereza lucie veronika martina zuzana ilona laszlo zsofia goran milan dragan jelena ana
mirela kristina egle ruta ausra inga liga janis darius tomas
wei ming mei xiao xiaoming jiahui yiwen haoran meiling wenjing lihua jing hui ying yan lin ling xin hao
kai chun winnie kelvin jacky zihan yuxuan
maricel marites maribel rowena jocelyn lorna rosalie rosario analyn arnel rodel ramil romeo reynaldo
jomar mylene marivic angelica kristine jayson rhea marilou erlinda imelda teresita leonora divina
dolores aileen liezl cecilia rochelle shiela
khaled khalil layla leila noor nour rana rania dina hala huda samira salma amal hanan zaid samir sami
rami walid youssef yousef mahmoud hamid hadi nabil bashir faris majid malik nasser osama reem lina
maha ghada aya asma fatma farida ayman hisham adel bassam ziad hana
alfred allan alun angelo antonio arnold austin barney bernard billy bobby brandon brett bruce caleb
calvin cameron carlos cecil clifford clint cole conrad curtis cyril damian damien darrell darryl denis
dominic donald edwin elliot elliott eric ernest eugene evan felix fergus francis francesco fred freddy
gabriel geoffrey gerald gerard gilbert giles glenn gregory greg harold herbert howard hugh hugo isaac
jake jared jeremy jerry jesse joel jonah jose juan julian justin ken kenny laurence lawrence len
lenny leon leonard leslie lionel louis lucas luca luis marco marcus mario marvin maurice mervyn micky
miguel mitchell morgan ned nelson niall noel ollie otis pablo pedro percy pete quentin ralph raymond
reggie reuben rex ricky roberto rodney roland ronnie rory roy rufus rupert russell sebastian seb sid
sidney spencer stefan sylvester ted teddy terence terry theo theodore tobias travis troy tyler victor
vincent vinny walter warren wesley wilf wilfred zach zachary zak kane
abby ada adele agnes aimee alana alexa alexis alicia alisha anastasia andrea angie annabel annette
antonia arabella audrey babs bea beatrice becca bella belinda bernice beryl bex bianca billie bonnie
brooke caitlin camilla cara carla carmen carole cassie cathy celia chantelle charlene cheryl christina
cindy clara claudia connie cora courtney cynthia danni daphne deanna debra delia della demi diana
dionne doreen edith edna eliza ellen eloise elsie emilia erica erin esme esther ethel eva evelyn faye
francesca freda gabrielle gail gayle geraldine gina gloria greta hattie heidi helena henrietta
hilary hilda ingrid irene isobel jacqui janice janine jasmine jeanette jemima jenna josephine josie
judy julianne juliet justine kara karina kay kayla keeley kerri kimberley kirsten kristen lana lara
laurie leah lena leona lesley lexi libby lila lilian lillian lois lola lottie louisa lucia lucinda
lucille luna lyndsey lindsey lindsay mabel madeleine madison maggie marian marianne marilyn marina
marion marjorie marlene maxine melissa mia michaela mildred miranda miriam moira mollie muriel myra
nadine nancy naomi nell nellie nicole nina nora norah olwen paige patsy paula peggy penelope philippa
pippa polly priscilla rachael raquel regina rita roberta robyn rosa rosalind rosie roxanne sabrina
sadie sara sasha selina shelley sienna silvia sylvia simone sonya stella susie tamara tammy tania
tanya tara tess tessa thelma tia tiffany tilly tina toni trudy ursula vanessa vera verity vivian
vivienne wanda winifred yolanda jo jojo kat ros roz viv lou nikki
ailbhe aine bronagh clodagh eimear fionnuala laoise mairead muireann nuala orlaith sorcha tadhg cormac
donal eamon eamonn enda fionn lorcan odhran peadar ruairi shane tiernan fearghal iain lachlan ruaridh
shona rhona morven innes calum gregor alec bryn deiniol dewi elis emlyn geraint glyn gruffydd gwilym
hywel idris ifan ioan llyr meirion osian rhodri sion steffan tomos aeron bronwen ceri delyth eirlys elen
elinor gwenllian heledd mali meinir nerys sioned tegan
abdullahi abdirahman mohamud fartun ubah khadra hibo liban mustafe warsame
akash alok ankit anup ashwin bhavesh chetan darshan gaurav harish hitesh jatin kapil ketan kunal mehul
mukesh naresh nilesh paresh pradeep pranav rakesh ritesh sachin sameer sandip satish shailesh shyam
sumit tushar vishal yash amandeep balvinder charanjit daljit gurdeep inderjit jasbir kamaljit mandeep
rajinder ranjit satnam surinder tejinder bhavna chandni heena hetal jigna komal krupa mamta minal nayna
nehal nikita pallavi payal poonam rajni reena rupal seema sheetal shilpa shweta sonal sushma trupti
urvashi kajal roshni zahra zahid nazma rehana sabina shamima tahmina zarina humaira
adaeze adanna chisom ebuka ejike nneka ogechi somto tobi uchenna kelechi ijeoma amaka dayo bimpe busola
jumoke moyo nkem efe ese kwasi akosua yaa adjoa ekow fiifi nii
aleksander alina daria edyta ewelina iwona izabela jolanta kinga lidia marzena renata sylwia urszula
wioletta zaneta artur dawid hubert jacek jarek jaroslaw kacper konrad leszek maciej mariusz przemek
rafal slawomir szymon waldemar wiktor zbigniew andris arturs edgars kaspars mindaugas vytautas aiste
giedre ieva rasa simona vilma ionela andreea florentina georgiana madalina roxana raluca cosmin catalin
gheorghe marius ovidiu razvan valentin
jie qiang yong zhen hua lei rui shan wen xue yue hiroshi yuki kenji akiko haruka takashi minh linh thanh
trang huong anh duc khanh
rommel ronaldo rolando rogelio edgardo eduardo ernesto fernando francisco gerardo jaime manuel ramon
ricardo rodrigo virgilio arlene charmaine cristy evangeline glenda haydee jenalyn jennylyn jovelyn
lilibeth lourdes luzviminda marissa maylene nelia norma ofelia perla remedios rosemarie susana wilma
zenaida
abdallah abdullah abdelrahman amr anas ashraf atef emad fadi fouad ghassan haitham hazem hossam ihab
imad issa kamal marwan moataz mohannad mounir nader naji nizar qasim raed ramzi riyad saad saeed salah
salim sharif tarek wael yasser zakaria abeer afaf alaa amira asmaa aziza basma dalia doaa eman iman
fadia ghadir hadeel haifa heba jamila lamia lubna manal mona najwa nawal nesreen rasha rawan ruba safaa
sahar samah shaima suha wafa yara zeinab
shanelle shantelle tyrese kenisha makeda ainsley lennox garfield linton omari jevon shakira natoya
tamika
"""

# First names that are also everyday words: redacted only when context says "person" (see `privacy._is_person`).
AMBIGUOUS_NAMES_TEXT = """
will mark grace hope rose jack bill frank rob ray don dean guy drew miles sky skye faith joy mercy
precious blessing favour comfort patience gift memory charity goodness lovely angel destiny harmony
holly ivy iris lily daisy poppy ruby jade pearl olive violet hazel heather dawn robin willow crystal
cherry sandy sunny carol sue pat nick bob dot gill jean rosemary eve max grant cliff nana jay dev
nada penny paddy basil lance glen bev tamer ting ping dolly fern melody sherry dimple
lacey felicity kirk flora ally gabby kit pip
"""

# Ambiguous names that are also months, seasons, colours or places: need a speech/action verb after,
# a surname, or an addressing verb before.
STRICT_NAMES_TEXT = "may april june august jan amber india paris chelsea summer autumn ed"

# More first names, added as a broad sweep of backgrounds common in the NHS workforce and its patients
# (Keralan and Tamil, Nepali, Pakistani and Bangladeshi, Punjabi, Gujarati, Yoruba, Igbo, Ghanaian,
# Zimbabwean and South African, Somali, Eritrean and Ethiopian, East African, Polish, Romanian, Bulgarian,
# Baltic, Hungarian and Czech, Balkan, Ukrainian and Russian, Portuguese, Spanish, Italian, Greek,
# Turkish, Iranian and Afghan, Chinese, Vietnamese, Filipino, and modern and older British names).
FIRST_NAMES_TEXT += """
jincy bincy jiji sinu tintu anju reshma sreeja soumya jisha jomy jomon shijo shibu biju saju sajan jijo
jibin tijo linu liji binu bindhu bindu smitha sheeba sherin jency jancy lincy nimmy rincy renjith
sreejith sujith ajith abhilash anoop anish vineeth praveen prasanth jithin jobin jestin libin lijo
sibin shaji saji sheena teena tincy aswathy athira gopika keerthana lekshmi meera parvathy revathy
sandhya sneha sruthi swapna vidya karthik kavitha kumaran murali saravanan senthil sivakumar vasanthi
yogesh priyadharshini thushara kajan niroshan bishal binod dipendra kamala krishna laxmi manisha prabin
pratima rabin rajendra sangita santosh shanti sita subash suman
abida afzal aftab akbar altaf arif arshad asad ashfaq azhar babar fahim farooq ghulam haris ijaz ikram
imtiaz iqbal ishaq jawad kashif khurram mahmood maqsood mushtaq nasim nauman nawaz omer qaiser rehan
riaz sabir safdar sajjad shabbir shahzad shakeel sohail tanveer tauseef waqar waseem yaqub zafar
zaheer zulfiqar aneela fozia ghazala kausar nabila naila nargis raheela saba samia shaista shagufta
shahida tabassum tasneem zubaida ruksana jahanara momtaz rokeya nasima khaleda rashida sufia arfan
shahin jahangir habibur mizanur mujibur shafiqur ataur rezaul shahidul abul faruk monir nurul sirajul
gurjit harjinder jagdeep jasvir kulwant manjit navjot parmjit ravinder sukhdev sukhjit tarsem balbir
amarjit avtar gurmeet gurpal harbans harvinder jaspal kamaljeet kulbir kulwinder lakhbir paramjit
rajvinder sarbjit sukhvinder alpa bhavini dharmesh dipesh hemal jayesh kalpesh manish mital nilam
nirav pinal pritesh rajiv sanjiv shital tejal vipul viral yogita
abiodun adebola adeniyi adetola akintunde ayobami ayomide ayotunde bamidele bisi bisola damilare dele
deji eniola feyisayo folasade gbemisola ibukun iyabo jide kehinde taiwo idowu laide modupe morayo
niyi olabisi oladele olajide olaniyi olatunji olawale oluwadamilare oluwafemi oluwakemi oluwatobi
oluwatosin opeyemi oyin remi ronke sade seyi shola simi tayo temitope titi toyin wunmi yinka yewande
ayodeji adekunle adesola adunni olusegun oluwaseyi babatunde chibuzor chidera chika chikodi chinyere
chukwuma ebele ekene ifeanyi ikechukwu nkiru nnenna obiageli okechukwu onyeka onyinye uchechi ugochi
uju uzoma chidubem chinwendu kwadwo ekua araba aba akwasi naa chiedza fadzai kudakwashe kuda munashe
ropafadzo rudo rumbidzai shamiso shingai tafara tanaka tapiwa vimbai sibusiso thandeka thandi thando
nomvula nokuthula zodwa bongani lindiwe mandla musa nandi sizwe thulani lwazi ayanda amran asli deqa
filsan halima ifrah ikran muna nasra nimco sagal zamzam guled ilyas mahad yonas yohannes selam senait
tsehay meron mebrat rahel bereket dawit henok kidane tesfaye tewodros atieno awino wambui wairimu
nyambura kariuki otieno odhiambo ochieng omondi onyango wanjala juma neema rehema
agata alicja bozena celina danuta dominika elzbieta grazyna halina irena jadwiga janina kamila klaudia
krystyna lucyna marianna martyna milena oliwia patrycja stanislawa wiktoria zuzanna bartek dominik
filip franciszek henryk igor janusz jerzy jozef kazimierz lech marian mikolaj norbert patryk
przemyslaw ryszard stanislaw sylwester tadeusz wieslaw zdzislaw krzysiek adriana anca camelia corina
daniela doina ileana iulia larisa lavinia loredana luminita mariana nicoleta oana otilia paula
petronela ramona sorina valentina alin aurel ciprian claudiu constantin cornel costel cristian dorin
dragos emil eugen fanel ion ionel iulian laurentiu liviu lucian mircea nicolae nicu octavian petru
petrica sorin traian tudor viorel virgil dimitar georgi hristo petar stoyan svetla tsvetelina
yordanka desislava galina agne gintare indre jurgita jurate migle milda neringa vaida zivile audrius
dovydas gediminas giedrius jonas justas karolis linas mantas paulius rimas saulius tadas vilius
zygimantas kristaps maris raimonds aniko erzsebet eszter gabor gyorgy istvan janos jozsef krisztina
reka tamas zoltan zsuzsanna jiri pavel petr vaclav milos dragana ivana jasmina marija milica mirjana
snezana tanja vesna zorana aleksandar bojan dejan marko nemanja nikola zoran iryna kateryna liudmyla
nataliya olha tetiana viktoriya yana yuliya andriy bohdan dmytro maksym mykhailo oleh serhiy taras
vasyl volodymyr yaroslav ekaterina lyudmila nadezhda tatyana alexei anton boris evgeny maxim mikhail
sergey viktor
beatriz bruna camila catarina fernanda filipa ines joana leonor luana sofia bruno diogo duarte joao
jorge nuno paulo rafael tiago vitor alejandro javier sergio alberto alessandro chiara davide federica
giulia giuseppe giovanni lorenzo matteo paola stefano vincenzo dimitris giorgos konstantinos nikos
yiannis eleni katerina vasiliki despina ahmet ayse aylin burak cem elif emine emre esra fatih hakan
hatice ilker kemal leyla mehmet merve murat onur ozge selin serkan sevgi tuba ugur volkan zeynep
arash babak behnaz darya farhad farshid fereshteh golnar mahsa mehdi nasrin parisa pegah reza roya
soheila farzana gulalai habiba mursal sediqa wahid
chao dan feng hong jian jun kang liang ning peng qing qi shu xia xiang xiaoli xiaoyan yi yu yun zhi
zihao yiting xinyi yutong zhiwei jiayi shuang hoa ngoc phuong quynh thao tuan vy
aira angelie arlyn chona editha elvie emelita estrella feliza flordeliza girlie jhun marife marisol
marlyn maryjane merlyn nenita precy rachelle rhodora ruel wilfredo jericho jonjon rey roel rolly
ruben efren
amelie anya aria arlo aurora bailey beau blake brody casey cody darcie darcy elodie emmie ezra finley
finn frankie frederick frazer georgie gracie harley harper harrison hollie jaxon jayden jenson jude
kayden kenzie leighton lexie lilly logan louie maddison maya mila nancy nellie ottilie penelope piper
riley rowan sonny tommy zac bernie kirsteen mairi jessie peggy betty hetty gladys mavis doris horace
ernie bert alf stan ron
tamsin lowenna
"""

# Short forms and nicknames: treated exactly like first names.
NICKNAMES_TEXT = """
abi addy babs baz bec becca bobbie brad cass chaz chrissie chrissy clem dami daz dee des dom eddie effie
emmy fliss flo gabby gaz geoff gerry ginny gus izzy jas jase jaz jen jez jonno jules kaz kez kris lex
lizzie mags meg mel mick mish mo nat nell nicky nobby rach robbie robbo sal sammy shaz stevie suze tash
tasha tez trev val vic wes kels gbemi
"""

# Surnames common in the UK across backgrounds, left out where they are also everyday English words,
# towns or brands (Baker, Ward, Hall, Lincoln, Costa): those only count after a title or a first name.
SURNAMES_TEXT = """
smith jones williams taylor davies wilson evans thomas johnson roberts robinson thompson wright walker
lewis edwards hughes harris clarke clark patel jackson turner martin morris moore cooper harrison
morgan allen james phillips watson scott davis griffiths anderson campbell kelly stewart
mitchell murphy murray graham kennedy reid ross fraser hamilton henderson robertson thomson mcdonald
macdonald mackenzie mckenzie mackay mckay macleod mclean maclean sutherland mackintosh mcintosh munro
cameron ferguson fergusson duncan gordon wallace gibson marshall stevenson sinclair crawford
docherty doherty dickson fleming christie lindsay paterson patterson morrison simpson russell hunter
johnston johnstone kerr watt milne mcgregor macgregor mcintyre mcfarlane macfarlane mcallister
mcalister mckinnon mcleod mcneil macneil mcewan mccormack mccormick mcgowan mclaughlin mccarthy
mcgrath mcnamara mcmahon macmahon mckenna mcdermott mcguire maguire mcgovern mcbride mccann mcconnell
mcdonnell mcgee magee mcmanus mcnally mccabe mccoy mcevoy mclaren mcphee mcquade mcshane mccallum
obrien osullivan oconnor oneill odonnell oreilly oconnell ocallaghan okeefe omahony odriscoll
ogorman ohara oleary omalley orourke oshea odowd odwyer ofarrell odonoghue odonovan okane
byrne ryan walsh doyle gallagher lynch quinn carroll connolly daly dunne brennan burke collins
farrell fitzgerald flynn duffy boyle healy sweeney hayes kavanagh moran brady casey fitzpatrick
donnelly regan donovan flanagan mullan barry kane cunningham griffin kenny sheehan whelan lyons
higgins cullen keane maher hogan mulligan delaney nolan hennessy keogh mahoney mulholland hegarty
rafferty devlin devine coyle monaghan corrigan costello cassidy callaghan mccarron loughlin
griffiths pritchard parry pugh probert prosser gwynne llewellyn meredith rowlands howells bowen
vaughan jenkins hopkins watkins powell lloyd rees reece harries jenkin protheroe beynon
hammond hancock hargreaves harding hartley hawkins haworth hayward hewitt
hodgson holden holloway holmes horton howard hudson humphreys hutchinson ingram jarvis
jefferson jennings kemp kendall knowles lambert lawrence lawson leach lees lowe lucas marsden
matthews maxwell mellor metcalfe middleton millar mottram nicholls nicholson norris oakley
osborne padgett palmer parkinson parsons pearce pearson perkins perry pickering pollard potts
pryce radcliffe ramsey randall rawlinson raynor reynolds richardson richards riley rigby
roper rowe rowley sanderson saunders sharpe shaw sheppard simmons skinner slater spencer stanley
stephens stephenson sullivan sykes tattersall thornton tomlinson townsend tucker underwood wadsworth
walton warburton watkinson webb webster wheeler whitaker whitehead whittaker wilkinson wilkins
willis woodward worthington yates atkinson atkins bailey barker barnes barrett bartlett
barton bates baxter beckett bennett benson bentley blackburn bolton bradley bradshaw
brooks broadbent buckley burgess burrows bushell butterworth cartwright chadwick chambers
chapman charlton clayton clements coleman collier connor crossley dawson dixon dobson donaldson
duckworth dyson eaton elliott ellis emerson fielding fletcher fowler gilbert
goodwin gough greenwood gregory hale haynes hobbs hodges hooper hopwood horrocks houghton
ashworth atherton ainsworth appleby armstrong arnold ashton aspinall bamford barlow beattie bennett
blackwell blake bowers brennan brookes bryant bullock caldwell carr cawley chan
chen cheung chow chung fong hui kwok lam lau leung li liu ng tsang wong wu yip yeung
zhang wang zhao zhou xu yang huang lin luo gao guo zheng xie feng deng cao peng zeng xiao tian
nguyen tran pham hoang phan vu dang bui ngo duong
khan ahmed ahmad ali hussain hussein begum akhtar rahman uddin miah mia mahmood malik iqbal
rashid shah hassan sheikh qureshi siddiqui chaudhry chaudhary choudhury chowdhury hossain haque
haq karim kabir rehman anwar aslam azam butt mirza raja bibi javed nawaz saeed saleem zaman akram
ashraf bashir farooq latif majeed masood mughal nadeem naqvi rizvi sadiq sultan tariq yousaf yusuf
amin ansari
singh kaur sandhu dhillon sidhu grewal bains johal atwal virdi sangha sahota bhogal randhawa
dhaliwal sekhon hayer rai bassi kalsi matharu chahal thind
sharma gupta kumar verma mishra pandey tiwari yadav joshi desai mehta shah thakkar pandya rao reddy
nair menon pillai iyer krishnan subramaniam raman chatterjee banerjee mukherjee
bhattacharya das dutta sen bose ghosh chakraborty mistry parmar solanki chauhan lad makwana
vaghela rathod gohil chavda mistri kotecha thakrar lakhani ruparelia majithia dattani popat jethwa
varghese mathew kurian abraham chacko cherian zachariah
kuruvilla
okafor okonkwo okoro okeke okoye okpara okwu nwosu nwachukwu nwankwo nwaneri eze ezeh obi
obiora chukwu chukwuma onyekachi anyanwu ibe igwe ike iwu mbah njoku ogbonna ojo onuoha uzor
adeyemi adebayo adeleke adewale adeniyi adesanya adetola afolabi agbaje ajayi akande akinola
akintola alade aluko babatunde balogun bello dada fashola ogunleye ogundipe ogunbiyi
ogunlana ojo okonedo oladipo olaniyan olatunji olawale oluwole omotoso onabanjo oni onifade
oyewole oyinlola salami shittu sowande taiwo
mensah owusu boateng asante osei appiah agyeman agyemang amponsah antwi acheampong addo adjei
amoah ansah asamoah badu bonsu darko donkor frimpong gyamfi kyei manu nkrumah ofori oppong opoku
quaye sarpong tetteh yeboah danso
moyo ncube dube sibanda ndlovu mlambo nkomo chikwanha mutasa chiweshe mapfumo mhlanga mpofu nyathi
dlamini khumalo zulu mokoena nkosi mahlangu
mwangi kamau otieno odhiambo ochieng omondi onyango wanjiru njoroge kariuki mutua kiprop
abdi aden hersi jama warsame elmi egal duale osman mohamud abdullahi
haile tesfaye gebre gebremedhin berhe kidane tekle
nowak kowalski kowalska kowalczyk wisniewski wisniewska wojcik kaminski kaminska lewandowski
lewandowska zielinski zielinska szymanski szymanska wozniak dabrowski dabrowska kozlowski kozlowska
jankowski jankowska mazur krawczyk piotrowski piotrowska grabowski grabowska nowakowski pawlowski
michalski krol wieczorek jablonski wrobel majewski olszewski stepien malinowski gorski rutkowski
witkowski walczak sikora baran szewczyk ostrowski tomaszewski pietrzak zalewski wroblewski
adamczyk sadowski zawadzki chmielewski borkowski czarnecki sokolowski kubiak kaczmarek glowacki
popescu ionescu popa radu dumitru stan stoica gheorghe matei ciobanu rusu munteanu constantin
marin tudor florea dinu nistor lungu barbu moldovan oprea ilie preda mihai cristea
petrov ivanov georgiev dimitrov stoyanov kazlauskas jankauskas petrauskas stankevicius
horvath nagy kovacs szabo toth varga novak dvorak svoboda novotny kovac horvat
shevchenko kovalenko bondarenko tkachenko kravchenko melnyk boyko ivanova smirnov kuznetsov popov
santos reyes cruz bautista ocampo garcia mendoza torres andrada castillo flores villanueva ramos
castro rivera aquino navarro salazar mercado manalo gonzales gonzalez lopez aguilar pascual dizon
delacruz soriano valdez domingo tolentino fernandez hernandez martinez rodriguez perez sanchez
gomez diaz romero alvarez jimenez moreno munoz ruiz
ferreira silva pereira oliveira rodrigues sousa carvalho almeida gomes ribeiro lopes martins
fernandes goncalves marques pinto teixeira correia moreira cardoso mendes coelho
rossi russo ferrari esposito bianchi romano colombo ricci marino greco bruno gallo conti
papadopoulos georgiou christodoulou constantinou nikolaou ioannou demetriou
yilmaz kaya demir sahin celik yildiz yildirim ozturk aydin ozdemir arslan dogan kilic aslan cetin
koc ozkan simsek erdogan polat
haddad khoury mansour nasser saleh abdullah mahmoud abbas jaber darwish hamdan najjar
sabbagh azizi ahmadi hosseini rezaei mohammadi karimi rahimi moradi jafari kazemi
kim park choi jung kang cho yoon jang shin
"""
