#!/usr/bin/env python3
"""Build corpus_quotes.gold.jsonl: hand-annotated direct quotations and their speakers.

Source: ../shared/corpus/kremlin_zelenskyy_2022.jsonl (CC BY 4.0; attribution:
President of Russia (en.kremlin.ru), President of Ukraine (www.president.gov.ua)).
The annotations below were written by hand from reading each article (see README.md for the
selection procedure and the annotation rule). This script only copies the article text, checks
that every quote text occurs in it (bounded by quote marks) and writes the gold file.

Usage: python3 build_gold.py [CORPUS_JSONL] [OUT_JSONL]
"""

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("../shared/corpus/kremlin_zelenskyy_2022.jsonl")
OUT = Path(sys.argv[2]) if len(sys.argv) > 2 else HERE / "corpus_quotes.gold.jsonl"

QUOTE_MARKS = '"\u201c\u201d\u2018\u2019'

# Speakers. Unnamed speakers carry country + sector + the words that name them ("text").
SPEAKERS = {
    "MSG": {"country": "RUS", "sector": "GOV", "text": "The message"},
    "PRES_RUS": {"country": "RUS", "sector": "GOV", "text": "the President of Russia"},
    "PUTIN": {"name": "Vladimir Putin", "country": "RUS", "sector": "GOV"},
    "Z": {"name": "Volodymyr Zelenskyy", "country": "UKR", "sector": "GOV"},
    "Y": {"name": "Andriy Yermak", "country": "UKR", "sector": "GOV"},
    "P": {"name": "Mykhailo Podoliak", "country": "UKR", "sector": "GOV"},
    "ARESTOVYCH": {"name": "Oleksiy Arestovych", "country": "UKR", "sector": "GOV"},
    "REZNIKOV": {"name": "Oleksiy Reznikov", "country": "UKR", "sector": "MIL"},
    "ERDOGAN": {"name": "Recep Tayyip Erdo\u011fan", "country": "TUR", "sector": "GOV"},
    "STEFANISHYNA": {"name": "Olha Stefanishyna", "country": "UKR", "sector": "GOV"},
    "LOMAKINA": {"name": "Tetiana Lomakina", "country": "UKR", "sector": "GOV"},
    "HERASYMCHUK": {"name": "Daria Herasymchuk", "country": "UKR", "sector": "GOV"},
    "USTENKO": {"name": "Oleg Ustenko", "country": "UKR", "sector": "GOV"},
    "ZHOVKVA": {"name": "Ihor Zhovkva", "country": "UKR", "sector": "GOV"},
}

# doc_id -> [(speaker key, exact quote text between the quote marks), ...] in text order.
ANNOTATIONS = {
    "kremlin_66992": [
        (
            "PUTIN",
            "The voting results have completely confirmed your great political authority, as well as support for your line aimed at facilitating Uzbekistan's socioeconomic development and the protection of its interests on the international scene. You are making a major personal contribution to strengthening relations of strategic partnership and allied interaction between our countries. I am confident that we will continue to expand practical cooperation in various spheres through joint efforts and interact constructively in addressing topical matters of the regional and global agenda. This, doubtless, meets the interests of the friendly peoples of Russia and Uzbekistan and is consonant with maintaining peace, stability and security in Central Asia.",
        ),
    ],
    "kremlin_67041": [
        (
            "MSG",
            "On October 30, 1991, the constitutional judges held their first working meeting. This day is considered to be the date when the Constitutional Court of the Russian Federation was established. I congratulate you in the 30th anniversary of that great and truly historic event. Throughout its existence, the Constitutional Court has had a key role in ensuring the cohesion of the Russian legal system and has been a guardian of the fundamental constitutional values and the underlying ideas of peace, public accord and social justice. The Court has been working for the triumph of law. Today, we can confidently claim that the Constitutional Court focuses on the crucial issues of public, economic and social life in the country which concern the interests of the state and citizens' rights and freedoms. Allow me to congratulate the Constitutional Court judges and executive office for their top professionalism, responsible attitude to work and loyalty to their duties.",
        ),
    ],
    "kremlin_67153": [
        (
            "MSG",
            "It is gratifying that Russian students continue the wonderful traditions of many past generations, making a valuable contribution to the country's economic development and working to change life for the better in their home cities and towns. Members of the student construction brigades open new horizons for applying their abilities and talents, and embark on the most daring and responsible missions with enthusiasm and flare that is unique for the young. They work in construction and fuel and energy enterprises, in the social sphere and the agro-industrial complex, and as volunteers they are on the frontline of fighting the coronavirus side by side with healthcare professionals. In this regard, I am happy to stress the important consolidating, organisational and educational role of the Student Construction Brigades National Public Youth Organisation, which helps thousands of young people to choose a career and find loyal comrades and soul mates.",
        ),
    ],
    "kremlin_67259": [
        (
            "MSG",
            "Cooperation of political parties is an important component of international relations. Representatives of political organisations of different states are playing an active role in resolving current issues of bilateral and multilateral cooperation in different areas and searching for ways of countering current threats and challenges. From the first days of its existence, United Russia has been paying much attention to developing cooperation with foreign partners. By now, it has established open and meaningful dialogue with the leading parties of many European, Asian, African and Latin American countries. This is graphically confirmed by a representative line-up of the participants in the current conference. You are about to discuss important international and regional problems and exchange views on party development and parliamentary activities. I hope your discussions will be meaningful and constructive and will promote understanding and trust between our countries and people.",
        ),
    ],
    "kremlin_67319": [
        (
            "PRES_RUS",
            "We were constantly in contact and sought to find ways out of even the most difficult situations. During your years at the helm of the German Government, you rightfully gained high regard in Europe and the world over. I am confident that your rich experience as a statesperson and politician will always be in high demand. And, of course, we will continue our friendly interaction,",
        ),
    ],
    "kremlin_67370": [
        (
            "PUTIN",
            "Relations between our countries are developing dynamically in the spirit of strategic partnership and allied collaboration. Bilateral cooperation in various fields, as well as interaction within such organisations as the Eurasian Economic Union, the Collective Security Treaty Organisation, the Commonwealth of Independent States, the Shanghai Cooperation Organisation and the UN, are yielding good results,",
        ),
    ],
    "kremlin_67614": [
        (
            "MSG",
            "Your activities and life have been closely linked to your native Tatarstan. Everyone who has worked with you or met you invariably mention your exceptional professional and human qualities, your wisdom and humbleness, friendliness and ability to communicate. Standing at the helm in the republic at a time of change, you did not shy away from difficulties while firmly adhering to your principles and setting an example with a balanced and constructive approach to very complicated, pressing problems. Your enormous constructive contribution to the socioeconomic development of the region and to the preservation of its cultural and spiritual traditions has won you high public prestige and recognition throughout our vast country. Your projects, aimed at reviving Christian and Muslim landmarks, have undeniably become tangible symbols of the increased value of peace and accord, which Tatarstan is famous for.",
        ),
    ],
    "kremlin_67625": [
        (
            "MSG",
            "The history of your company, which is rightfully considered one of Russia's largest producers of weapons and military equipment, began with the opening of Union Plant No. 455 in Kostino, Moscow Region, on June 3, 1942. When celebrating your anniversary today, you express deep appreciation of the contribution made by many generations of your predecessors, who were talented and dedicated scientists, designers, engineers and other real professionals. It is noteworthy that the corporation's current personnel are carrying on the traditions of hard work and are making a large contribution to the development of the country's defence industry and the miliary capability of its armed forces. You have always worked thoroughly and effectively, boldly using unique technologies and innovative ideas, implementing promising and truly breakthrough projects, and producing high-quality, competitive products that enjoy demand in both the military and civilian spheres.",
        ),
    ],
    "kremlin_67729": [
        (
            "MSG",
            "You have succeeded in meeting all the challenges of the team figure skating event, having demonstrated brilliant skills, resilience and willpower as well as the determination to fight until the end and win. And, of course, you have given unforgettable moments of joy and triumph to your families, mentors, and numerous fans.",
        ),
    ],
    "kremlin_67730": [
        (
            "MSG",
            "I would like to sincerely offer you and your spouse my support. I am sure that your inherent vital strength and high spirits will help you overcome the virus in the shortest possible time. From the bottom of my heart, I wish you both a full recovery and strong health for many years to come.",
        ),
    ],
    "kremlin_67890": [
        (
            "MSG",
            "You have lived a great and eventful life, and have rightfully won high prestige and recognition. It is gratifying that your diverse work helps to implement highly needed social, educational and charity projects, and promotes international cultural and humanitarian cooperation.",
        ),
    ],
    "kremlin_68071": [
        (
            "MSG",
            "It is gratifying that your project launched last year was a success and gained broad support, and today Yakutsk again welcomes talented young people from different regions of the country and offers young men and women an excellent opportunity to take part in creative contests, athletic events and interesting round tables discussions. I firmly believe that the festival will become an impressive and unforgettable experience for all the guests thanks to its packed programme, friendly atmosphere, and a chance to gain an insight into Yakutia's severe and beautiful nature and authentic traditions of the peoples living there.",
        ),
    ],
    "kremlin_68193": [
        (
            "MSG",
            "This ancient holiday, held in special reverence by followers of Judaism, dates back to important historical events, and refers believers to the centuries-old religious and cultural traditions of the Jewish people who have carefully passed them down through the generations. With satisfaction, I would like to note the significant creative contribution of Jewish organisations to the development of our country, to strengthening the spiritual and moral foundations of our society and cultivating a fruitful inter-ethnic and inter-faith dialogue. And of course, the Russian Jewish community is actively involved in educational and charity work, the upbringing of young people and addressing topical social issues. This incredibly multidimensional and important work deserves deep and sincere recognition.",
        ),
    ],
    "kremlin_68317": [
        (
            "MSG",
            "This ancient holiday, which is significant for every Muslim, marks the end of the holy month of Ramadan, symbolises commitment to humanistic ideals, piety and mercy, and turns believers to the origins of Islam and the high moral guidelines that underlie all world religions. Relying on enduring spiritual values, Russian Muslims make a worthy contribution to strengthening interethnic peace and harmony in society, preserving cultural diversity, and defending the priority interests of our country.",
        ),
    ],
    "kremlin_68448": [
        (
            "MSG",
            "Over the years, HeliRussia has won acclaim in the Russian and international professional community and has become a leading demonstration site largely determining the direction of development of the helicopter industry. I would like to specially note that, despite the complicated situation caused by the illegitimate sanctions imposed by certain Western countries, your exhibition serves as a recognised centre for business communication between Russian and foreign specialists and experts. It is important that Russia prioritises efforts to strengthen the aviation sector's significant potential. The air ambulance service continues to develop actively under the national project Healthcare. We upgrade helicopters that have won a reputation for themselves, and we design new advanced models, including the innovative Mi-171AZ helicopter that has been developed for offshore operations and for servicing offshore drilling platforms and the Ka-32A11M fire-fighting helicopter. These achievements were made possible by the creative and constructive work of people at research and development centres, specialised industrial enterprises, teams of designers and engineers who addressed their tasks in a responsible manner.",
        ),
    ],
    "kremlin_68563": [
        (
            "MSG",
            "All these years, this vital constitutional body has focused on key issues of protecting Russia from internal and external threats, ensuring our country's sovereignty and enhancing its international prestige. The Security Council has made a substantial contribution to the improvement of state governance and the development of effective socioeconomic and regional policies. Thanks to its powerful analytical and expert potential, the Council has played a major role in creating a system of strategic planning responsible for mapping out long-term national goals and priorities. Your proficient, responsible and multifaceted efforts are especially needed now. The global situation remains complicated and difficult to predict, considering existing and new challenges and threats. Under these circumstances, we must be more energetic in searching for and introducing new approaches, which would be geared to new realities and would be able to strengthen the security and stability of our state and its steady and progressive development. I am confident that the members and officials of the Security Council will continue demonstrating their best professional qualities and will work effectively and diligently.",
        ),
    ],
    "ua_71433": [
        (
            "Z",
            "He showed the result - opened checkpoints, a large, complex work in the Trilateral Contact Group, preparations for our Normandy meeting,",
        ),
        (
            "Z",
            "I would like Oleksiy Reznikov to show the important changes in the Armed Forces long-awaited not only by the army, but also by the families of our esteemed servicemen. In particular, it is reforming the living conditions and working conditions of our army,",
        ),
        (
            "Z",
            "Andriy Vasyliovych Taran is a professional man, with which we have launched several very important defense programs for our army. This is both the missile program and the beginning of a program to rebuild the Ukrainian fleet,",
        ),
        (
            "REZNIKOV",
            "The Ministry of Defense is a civilian agency, its task is to shape defense policy, ensure civilian democratic control, create conditions for the Armed Forces to effectively perform its function - to repel the enemy,",
        ),
    ],
    "ua_71721": [
        (
            "Z",
            "We were simply confronted with the fact that several people related to Yanukovych could adopt a decision in violation of all possible rules, which destroys Ukraine's achievements over decades,",
        ),
        (
            "Z",
            "Legally and politically, we have removed any threats to the anti-corruption system. The question of the functioning of the Constitutional Court remained. Functioning in accordance with the Constitution, not in the interests of individuals who for some reason believed that the Constitutional Court was their property. The state has resolved this issue as well,",
        ),
    ],
    "ua_71965": [
        (
            "Z",
            "These challenges are key today for Europe and the world at large. Ukraine, like no other, is ready to overcome them,",
        ),
        (
            "Z",
            "30 years ago, our people democratically decided to create their own and independent state, when the All-Ukrainian referendum on Ukraine's independence took place on December 1, 1991",
        ),
        (
            "Z",
            "We have passed a law on de-oligarchization. We are completing the decentralization reform, restoring the mechanism of democracy, building the institutions of direct democracy,",
        ),
        (
            "Z",
            "We will do everything to ensure gender equality, protect women, children, internally displaced persons, people with disabilities and every single citizen,",
        ),
        (
            "Z",
            "Together, we must make this world freer, safer and more democratic. We persistently put this into practice. And we will continue to do so,",
        ),
    ],
    "ua_72213": [
        (
            "Y",
            "At the same time, this does not threaten the existence of the Normandy format. This is a parallel track. We discussed similar issues with the United Kingdom today. Turkey is ready to play the same role,",
        ),
        (
            "Y",
            "We are in a very strong position today. And when Russia has made some proposals for security in Europe, we are telling everyone: what can security be like in Europe without ending the war in central Europe?",
        ),
        (
            "Y",
            'For example, today is the first time we are fighting the oligarchs as a phenomenon. And the law on de-oligarchization does not target any particular person. Its goal is to make it impossible for some rich people in Ukraine to "buy" ministers, deputies, and influence state decisions,',
        ),
    ],
    "ua_72505": [
        (
            "Z",
            "Today in Zaporizhzhia we see living proof that together we can do everything, we are stronger. Together we can do much better. Together we can do more,",
        ),
        (
            "Z",
            "Today we are uniting Ukraine not only in words - today we are opening the tallest bridge in Ukraine. It was started somewhere in 2004. As a legacy, four Ukrainian presidents passed it on to their successors. But this is in the past, this is history. Today we are finally connecting the center of Zaporizhzhia and our glorious Khortytsia and Khortytsya district,",
        ),
        ("Z", "May its lights always be bright, and the unity of Zaporizhzhia and Ukraine inextinguishable,"),
    ],
    "ua_72713": [
        (
            "Z",
            "Today, cooperation in the field of infrastructure and investment is actively developing. Ukraine is creating favorable conditions for foreign business by adopting a number of relevant, very important laws. We expect the work of Turkish companies in Ukraine to become even more active. ",
        ),
        (
            "Z",
            "Both in the framework of the Large Construction program and in new important joint projects, to which we will provide as much support as possible,",
        ),
        (
            "Z",
            "This is one of the locomotives of our strategic partnership. Our goal is to implement specific projects, create joint ventures, exchange experience and technologies,",
        ),
        ("Z", "These are new technologies, new jobs, strengthening Ukraine's defense capabilities,"),
        (
            "Z",
            "I am confident that the result of the talks will be a practical result that will strengthen the security of our country, enhance the energy security of our countries and the region,",
        ),
        (
            "Z",
            "For my part, I am pleased that the number of guests from Turkey is growing every year in Ukraine,",
        ),
        (
            "Z",
            "We will also increase the status of the consular office in Antalya to the Consulate General in order to more effectively protect the interests of our citizens,",
        ),
        (
            "ERDOGAN",
            "We are proud that Turkish companies successfully implement infrastructure projects in Ukraine. I would like to thank the President once again for trusting our companies,",
        ),
    ],
    "ua_72929": [
        (
            "Z",
            "Dear defenders of our Ukrainian borders and peace on our land. You are real heroes! Dear ambassadors, diplomats, leaders of international organizations who remain with us today on Ukrainian land despite the situation near our borders. You are real friends! Dear soldiers who are now looking at us from the sky, as they gave lives for their native land. You are with us. You are real legends! Dear doctors, volunteers, chaplains who treat, help and pray for our soldiers! Dear journalists who saved their faces and did not spread panic! Dear citizens who have kept a cool head! Dear politicians who, for the sake of national security, were able to become statesmen, not runaways. Dear great Ukrainian people! I congratulate everyone on the holiday - Unity Day! I am grateful to everyone who defends the Homeland! Who stands and will stand for it! Who is faithful to the oath and faithful to Ukraine,",
        ),
        (
            "Z",
            "We are not afraid of any predictions, we are not afraid of any people, any enemies. We are not afraid of any dates, because we will defend ourselves on February 16, 17, March and April, September and December - days and months are not important. The year is important: this is 2022, not 2014. This is an important difference. The war has been going on for eight years. We have become just as many times stronger. Without you there would be no state! Without you, this land would not exist. There will be no freedom on this land! The future is not interesting without you,",
        ),
        ("Z", "overcome the path to a peaceful and united Ukraine."),
        (
            "Z",
            "We are paving the way together. And only together we will build a peaceful and happy Ukraine! It is a great honor to be the President of such people, of such a state on such a day - the Day of Unity of the Great People of Great Ukraine,",
        ),
    ],
    "ua_73117": [
        (
            "P",
            "At 5 am, Mr. Putin actually declared war against Ukraine. He did it for no reason. There was no reason to declare war against Ukraine unilaterally. Only fake reasons used by Russian propaganda,",
        ),
        (
            "P",
            "President Volodymyr Zelenskyy immediately convened the Military Cabinet, the National Security and Defense Council. All the necessary decisions were made in terms of the logistics of the counter-operation against the armed forces of the Russian Federation, and martial law was imposed in Ukraine. These are concrete actions to protect our territorial integrity,",
        ),
        (
            "P",
            "Virtually the whole world unanimously believes that this is a treacherous attack by the Russian armed forces, which will have great legal consequences,",
        ),
        (
            "P",
            "The Armed Forces are fighting hard battles, but they are fighting. We already have many results. In some areas, the Russian armed forces have been repulsed. The Armed Forces were ready for all of Russia's scenario plans and are now actively resisting. This resistance will be growing,",
        ),
        (
            "P",
            "Because to date no one has canceled the information war waged by Russia against Ukraine. Unfortunately, some Ukrainian media outlets are reprinting propaganda materials of the Russian Federation,",
        ),
        (
            "ARESTOVYCH",
            "As for cities, geography is Ivano-Frankivsk, Khmelnytskyi, Chernihiv, Kharkiv, Kyiv, Odesa, Mykolaiv, Kherson, Kramatorsk and directly along the JFO area,",
        ),
        (
            "ARESTOVYCH",
            "The Armed Forces are ready. The President is working. He runs the country and is in constant contact with international partners, who are now taking steps internationally to punish the Russian Federation for the full-scale military aggression it has committed,",
        ),
    ],
    "ua_73333": [
        (
            "STEFANISHYNA",
            "Ukraine has sent all the necessary requests to international organizations to create humanitarian corridors for the delivery of essentials and evacuation of civilians. Unfortunately, there has not been any consent of the Russian side so far. Today's agreements on the results of the second round of talks between Ukraine and Russia give us cautious hope that we will finally be able to help our citizens,",
        ),
        (
            "LOMAKINA",
            "Elderly people, women and children do not receive medical care, babies are born in basements and the first thing they hear in their lives is the sound of explosions. Civilians lack food and drinking water, many of them are people with disabilities and chronic illnesses. Bringing them to dehydration, exhaustion, and suffering from a lack of timely medical care in the 21st century is nothing but torture. We very much hope that the President of the International Committee of the Red Cross, Mr Peter Maurer will do everything to deploy work in the humanitarian corridors to save lives as soon as possible,",
        ),
        (
            "HERASYMCHUK",
            "During the 8 days of the war, 28 children were killed and 64 were wounded by the Russian occupiers. Maternity hospitals, kindergartens, schools were destroyed,",
        ),
        (
            "HERASYMCHUK",
            "Nearly one and a half million children are suffering from shelling in the affected areas and they are under siege now. Among them, there are orphans and children with disabilities who need immediate assistance",
        ),
    ],
    "ua_73573": [
        (
            "Z",
            "Our people will always remember who came to the rescue at the most difficult time for our state,",
        ),
        (
            "Z",
            "The Russian invasion of Ukraine destroyed everything that security in our region, and I am sure international security, was based on. The weight of the organizations we all hoped for. The force of international conventions. It has also called into question the world's most powerful alliance, NATO,",
        ),
        (
            "Z",
            'We emphasize that we need new formats of interaction, new determination. And if we cannot enter NATO\'s "open door", then we must work with communities available, communities that will help us. Like yours. And have some guarantees. We would like to have reliable guarantees that will work for us. And also for you,',
        ),
        (
            "Z",
            "We suggested a way. The way for Ukraine to be able to protect its skies and its people on its own. I would like everyone to hear this, especially those countries that have borders with Russia. We do everything to get planes. To get air defense,",
        ),
        (
            "Z",
            "There is no international mechanism for influencing corporations today. If they ignore blood, the world can do nothing. And this is when the worst war since World War II continues. This needs to be addressed. Now. Before Russia goes further. The sanctions policy should be such that no one could even think of war. The question is not only in Russia - the question is in the future: what else can happen,",
        ),
        (
            "Z",
            "We emphasize that this is necessary for us, but it is also necessary for you. For the whole world, for peace in Ukraine, in Europe,",
        ),
        ("Z", "Russian military machine"),
        (
            "Z",
            "I think we all know this practice and these tragedies: missiles and bombs, helicopters and tanks, saboteurs and cyberattacks - all that is in the arsenal of today's Russia. Everything will be directed against Europe if Ukraine does not survive. Therefore, I ask you: help yourself by helping us. You know what weapons we need. You know what means of protection we need. You know we crucially need airplanes. It would be extremely difficult for us without your efforts. I am grateful to you. But understand - we need more,",
        ),
        (
            "Z",
            "That's why we really want you to help us. I am sure that you will be able to increase the volume and feel how it will strengthen your protection, your security together with ours. How this will make the world stable not only in our country, but also in your countries,",
        ),
        (
            "Z",
            "Our strength is in the truth. It is on our side. We can stop the war with Russia. So that peace that Ukrainians strive for comes. Peace that the world strives for,",
        ),
    ],
    "ua_73885": [
        (
            "Z",
            "Lists are being compiled. Our military, I know, made lists. There are lists of all those who are in captivity. I don't know if everyone is interested in them. Politicians, I think, are not very interested in them. I'm just not sure that the Russian side needs these lists,",
        ),
        (
            "Z",
            "It is not necessary to act according to some generally accepted canons: like let's wait until the end of the war, or let's capture more... I do not understand that. I believe that there is an agreement to exchange everyone for everyone, we have this number - let's exchange for this number. Let's not measure: 10 for 10, 11 for 11,",
        ),
        (
            "Z",
            "They (the Russian side - ed.) first refused, then offered us some bags... It all looks like... You know, even when a dog or a cat dies, people don't do so. These are garbage bags. I don't understand what people think, what the parents of these children think,",
        ),
        (
            "Z",
            'It\'s not cattle. And why is it dreadful? Because if this is the attitude towards their own people, then what is the attitude towards everyone else? And we are definitely not "friends" for the Russian government,',
        ),
    ],
    "ua_74069": [
        (
            "Y",
            "The President already has a plan for economic revival on the table. We do not waste a single day, we are thinking and getting ready as regards how we can start today. I think that the reconstruction of cities will begin immediately after their release,",
        ),
        ("Y", "Today we are really making history - the history of a great nation, a great country,"),
        (
            "Y",
            "We will rebuild the cities. The worst thing is that we will not bring back the people who were killed. There is nothing more precious than human life. And we will rebuild everything else, we will rebuild it quickly,",
        ),
    ],
    "ua_74273": [
        (
            "Y",
            "Secondly, we need tanks, military aircraft. We need all possible weapons that will help close the Ukrainian sky,",
        ),
        ("Y", "has done more for Ukraine than anyone else."),
        (
            "Y",
            "But when you're at war - we talk about it openly - you need more. And even that is not enough - we need everything as soon as possible. If we have it in time, we will win,",
        ),
    ],
    "ua_74501": [
        (
            "Z",
            "I want to stop the war, to end it. There is a diplomatic path, there is a military path. So any mentally healthy person always chooses the diplomatic path, because he or she knows: even if it is difficult, it can prevent the loss of thousands, tens of thousands, and with such neighbors - hundreds of thousands and maybe even millions of lives. There may be losses of millions of people. We don't want that, and any leader, whether he wants it personally or not, has no right to cancel the diplomatic path,",
        ),
        (
            "Z",
            'Today the trust of our partners in us is at the highest level. And there is simply no trust in Russia. Today these are antonyms - "Russia" and "trust",',
        ),
        ("Z", "The leader has no right to be afraid when it comes to our state and our independence,"),
        (
            "Z",
            "I believe that this (holding a pseudo-referendum - ed.) will not benefit the diplomatic settlement of this situation. This will definitely hinder the end of the war through diplomacy. This is definitely the wrong move by Russia. This means that everything that happened before, all those meetings of diplomatic groups - it's all fiction and political theater,",
        ),
    ],
    "ua_74637": [
        (
            "Z",
            "We want to get the maximum for our country and our people. Maximum. And there will be such guarantees,",
        ),
        (
            "Z",
            "Sometimes it's better to have nothing and know that you are alone with the enemy than to have a large circle of friends, partners who in fact will not protect you,",
        ),
        (
            "Z",
            "This time we are very serious and balanced about the future document. And about the circle of partner countries, which should not let us down in case of any aggression in the future,",
        ),
        (
            "Z",
            "When everything is ready, I think our society, our journalists will definitely see the details of future agreements,",
        ),
    ],
    "ua_74861": [
        (
            "Z",
            "In order for the world to hear, we need to constantly talk to the world and give concrete examples. Today, Europe and the world are united around Ukraine,",
        ),
        (
            "Z",
            "There are enough means in the world today to make our voice be heard. The world leaders do not have enough energy,",
        ),
        (
            "Z",
            "By defending Ukraine, the leader will defend his or her state. Just like ordinary people who just take to the streets with our flags. And this victory will be common. Victory not over Putin, but over this terror and terrorism, because he and his troops are the face of it,",
        ),
        (
            "Z",
            "When every leader understands this, it will not be my solo - it will be a chorus of powerful leaders who will be able to convey this energy to those societies that are still in doubt and unsure of their choice,",
        ),
        (
            "Z",
            "Because there is a war in Ukraine. And this war is a common one. Therefore, the victory will be common as soon as we understand that this is a common war,",
        ),
    ],
    "ua_75057": [
        (
            "USTENKO",
            "Russia is receiving $1 billion per day for its energy exports. You can imagine how many missiles, weapons, and bombs they can buy in the six months before the embargo is fully implemented. Our position is straightforward. We want this embargo to go into effect at once. We don't have an extra six months to wait while Russia continues to kill our citizens. Under the circumstances, we believe that Europe must act immediately,",
        ),
        (
            "USTENKO",
            "Second, the Chinese economy is slowing, which means it will consume less oil. That, too, will move markets toward a new equilibrium and reduce prices,",
        ),
        (
            "USTENKO",
            "The marginal cost of production for Russian oil is around $10 per barrel. Russia should be allowed to keep $10 per barrel sold, and any amount above that should be seized through sanctions. This money should go into a special fund for rebuilding Ukraine,",
        ),
        (
            "USTENKO",
            "With the board's approval, some of the funds could go to Russia for critical imports such as pharmaceuticals. This would leave Russia with some incentive to continue selling natural gas to Europe, even in the face of the new sanctions. And the board could approve greater disbursements to Russia if it withdraws from Ukraine and stops the war,",
        ),
        (
            "USTENKO",
            "There have been some sanctions for top-level individuals, but not yet for their family members. All members of Russian President Vladimir Putin's party, United Russia, should be cut off from Europe. They and their family members are still spending their time in Europe, rather than enduring life in Russia. They should be stopped from doing that, so that they have a greater incentive to put pressure on Putin to end the war,",
        ),
    ],
    "ua_75301": [
        (
            "Z",
            "Any response to the mass famine is overdue by definition. The famine should be stopped only preventively - when it has not yet begun. But now there is no such tool in the world. We propose to create an organization of responsible and democratic food-exporting states that can act with respect for human rights and global trade rules,",
        ),
        (
            "Z",
            "And Ukraine is ready to provide a platform for the activities of such a new organization - a definitely needed one,",
        ),
        (
            "Z",
            "You should know that grain is partly stolen every day by the Russian military, and then exported by ship to certain countries. We need to react very quickly. We at the level of the Ministry of Foreign Affairs work with the embassies of such countries, because if you understand where this grain comes from, where the Russian Federation transports it from, how can you buy it illegitimately just because it is sold to you almost for free,",
        ),
        (
            "Z",
            "Do not give the aggressor the impression that the world will not show enough resistance. Protect freedom and normal, useful for all peaceful order in the world immediately and in full! That's what sanctions should be. Maximum. So that Russia and every other potential aggressor who wants to wage a brutal war against a neighbor knows exactly what this is leading to. And I think there are no such sanctions against Russia yet. And they must be imposed,",
        ),
        (
            "Z",
            "Values must matter. Especially since everyone suffers losses when a full-scale war begins and global markets are destabilized due to someone's neglect of values. For our part, we offer every company that leaves the Russian market to continue operating in Ukraine. You will get access not only to our market of 40 million consumers, but also to the common market of Europe. And at the same time, your brands, positions will only be enhanced due to the fact that you really support the protection of freedom,",
        ),
        (
            "Z",
            "We must not be afraid to set new precedents. This is exactly what the world has long had to learn at various turning points, for which it paid a high price. This was the price for the fact that the world only reacted, not acted preventively. So, now we can do it differently. Finally in the right way,",
        ),
    ],
    "ua_75481": [
        (
            "ZHOVKVA",
            "Restricting Russia's access to funds and technology should weaken its readiness to launch constant strikes at Ukraine's territory and replenish its military capabilities,",
        ),
        (
            "ZHOVKVA",
            "Ukrainian society has already proved its Europeanness, so our expectations for the status of a candidate country in June are reasonable, justified and labored,",
        ),
    ],
    "ua_75745": [
        (
            "Z",
            "I really want people to return to their native country, to their native streets, but to a slightly different Ukraine, which has already gained independence and a future for itself. I really want this future to be mentally not in Stalin's apartments, but in the independent Ukrainian space. And at the physical level there will be large construction and restoration of our state,",
        ),
        (
            "Z",
            "Now is the moment of truth, now is the war. And when we win, we will build our new state, not forgetting our wonderful history and our traditions,",
        ),
        (
            "Z",
            "I can't build a comfortable state for you without you. I can build a state for all of us, for our generation, for the elderly. We can build a modern country, but it is impossible to build the future without the younger generation,",
        ),
        (
            "Z",
            "We cannot look ahead and see the future as transparently as you. Each generation is better than the previous one, more modern than the previous one. I can't offer you anything. I can help you realize your dreams and your Ukraine, your vision of the future,",
        ),
    ],
}


def main():
    rows = {}
    with open(CORPUS, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            rows[r["id"]] = r
    out_lines = []
    n_quotes = Counter()
    n_articles = Counter()
    no_speaker = 0
    unnamed = 0
    errors = []
    for doc_id, anns in ANNOTATIONS.items():
        r = rows[doc_id]
        text = r["title"] + "\n\n" + r["text"]
        quotes = []
        pos = 0
        for key, qtext in anns:
            i = text.find(qtext)
            if i < 0:
                errors.append(f"{doc_id}: quote not in text: {qtext[:60]!r}")
                continue
            if text.count(qtext) > 1:
                errors.append(f"{doc_id}: quote occurs more than once: {qtext[:60]!r}")
            if i < pos:
                errors.append(f"{doc_id}: quotes out of text order: {qtext[:60]!r}")
            pos = i
            end = i + len(qtext)
            if text[i - 1] not in QUOTE_MARKS or end >= len(text) or text[end] not in QUOTE_MARKS:
                errors.append(f"{doc_id}: quote not bounded by quote marks: {qtext[:60]!r}")
            if len(qtext.split()) < 3:
                errors.append(f"{doc_id}: quote shorter than three words: {qtext!r}")
            speaker = dict(SPEAKERS[key]) if key else {}
            if not speaker:
                no_speaker += 1
            elif "name" not in speaker:
                unnamed += 1
            elif speaker["name"] not in text:
                errors.append(f"{doc_id}: speaker name not in text: {speaker['name']}")
            quotes.append({"speaker": speaker, "text": qtext})
        n_quotes[r["outlet"]] += len(quotes)
        n_articles[r["outlet"]] += 1
        out_lines.append(
            json.dumps(
                {
                    "doc_id": doc_id,
                    "text": text,
                    "published": r["published"],
                    "outlet": r["outlet"],
                    "url": r["url"],
                    "events": [],
                    "quotes": quotes,
                    "timexes": [],
                    "channels": [],
                },
                ensure_ascii=False,
            )
        )
    if errors:
        print("\n".join(errors), file=sys.stderr)
        sys.exit(1)
    OUT.write_text("\n".join(out_lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
    print(
        f"articles: {sum(n_articles.values())} "
        + ", ".join(f"{o} {n}" for o, n in sorted(n_articles.items()))
    )
    print(f"quotes: {sum(n_quotes.values())} " + ", ".join(f"{o} {n}" for o, n in sorted(n_quotes.items())))
    print(f"quotes with an unnamed speaker (country+sector only): {unnamed}")
    print(f"quotes without a speaker: {no_speaker}")


if __name__ == "__main__":
    main()
